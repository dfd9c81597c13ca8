/** Nexmark query 2, selection: the bids on a few auctions (`auction % 123 == 0`, as Flink's q2). */
import type { DataStream } from '@weir/api';
import type { AuctionPrice } from '../model';
import { Q2_AUCTION_MODULUS } from '../query-parameters';
import { bidsOf, nexmarkStream, type NexmarkQuery } from './nexmark-stream';

export const q2: NexmarkQuery<AuctionPrice> = (env, source): DataStream<AuctionPrice> =>
  bidsOf(nexmarkStream(env, source))
    .filter((b) => b.auction % Q2_AUCTION_MODULUS === 0)
    .name('q2-select')
    .map((b): AuctionPrice => ({ auction: b.auction, price: b.price, ingestionTime: b.ingestionTime }))
    .name('q2-project');
