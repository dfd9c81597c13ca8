/** Nexmark query 1, currency conversion: every bid, its price in euros. */
import type { DataStream } from '@weir/api';
import type { Bid } from '../model';
import { DOLLAR_TO_EURO } from '../query-parameters';
import { bidsOf, nexmarkStream, type NexmarkQuery } from './nexmark-stream';

export const q1: NexmarkQuery<Bid> = (env, source): DataStream<Bid> =>
  bidsOf(nexmarkStream(env, source))
    .map((b): Bid => ({
      kind: 'bid',
      auction: b.auction,
      bidder: b.bidder,
      price: b.price * DOLLAR_TO_EURO,
      channel: b.channel,
      url: b.url,
      dateTime: b.dateTime,
      extra: b.extra,
      ingestionTime: b.ingestionTime,
    }))
    .name('q1-to-euros');
