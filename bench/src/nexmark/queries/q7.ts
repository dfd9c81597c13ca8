/*
 * Nexmark query 7, highest bid: the bid(s) with the highest price in each 10 s tumbling window, as
 * Flink's SQL runs it: a windowAll whose aggregation the runtime splits in two (local-global), so each
 * source subtask folds its own bids and only one partial per window reaches the single window subtask.
 */
import {
  TumblingEventTimeWindows,
  type AggregateFunction,
  type Collector,
  type DataStream,
  type ProcessWindowFunction,
  type TimeWindow,
} from '@weir/api';
import type { Bid, HighestBid } from '../model';
import { Q7_WINDOW_MS } from '../query-parameters';
import { bidsOf, nexmarkStream, type NexmarkQuery } from './nexmark-stream';

export const q7: NexmarkQuery<HighestBid> = (env, source): DataStream<HighestBid> =>
  bidsOf(nexmarkStream(env, source))
    .windowAll(TumblingEventTimeWindows.of(Q7_WINDOW_MS))
    .aggregate(new HighestBids(), highestBids)
    .name('q7-highest-bids')
    .uid('q7-highest-bids');

/**
 * The bids with the highest price seen (all of them when tied), and the newest ingestion stamp of
 * every bid seen: the maximum depends on all of them, so that is where the result's latency starts.
 */
interface TopBids {
  price: number;
  bids: Bid[];
  latestIngestion: number;
}

class HighestBids implements AggregateFunction<Bid, TopBids, TopBids> {
  createAccumulator(): TopBids {
    return { price: -1, bids: [], latestIngestion: 0 };
  }
  add(bid: Bid, acc: TopBids): TopBids {
    if (bid.ingestionTime > acc.latestIngestion) acc.latestIngestion = bid.ingestionTime;
    if (bid.price > acc.price) {
      acc.price = bid.price;
      acc.bids = [bid];
    } else if (bid.price === acc.price) {
      acc.bids.push(bid);
    }
    return acc;
  }
  getResult(acc: TopBids): TopBids {
    return acc;
  }
  /** The higher of two tops (both when tied), with the newest stamp of either. */
  merge(a: TopBids, b: TopBids): TopBids {
    const latestIngestion = Math.max(a.latestIngestion, b.latestIngestion);
    if (a.price !== b.price) return { ...(a.price > b.price ? a : b), latestIngestion };
    return { price: a.price, bids: a.bids.concat(b.bids), latestIngestion };
  }
}

function highestBids(
  ctx: ProcessWindowFunction.Context<TimeWindow>,
  tops: Iterable<TopBids>,
  out: Collector<HighestBid>,
): void {
  const windowEnd = ctx.window.end;
  for (const top of tops) {
    for (const b of top.bids) {
      out.collect({
        auction: b.auction,
        price: b.price,
        bidder: b.bidder,
        dateTime: b.dateTime,
        extra: b.extra,
        windowEnd,
        ingestionTime: top.latestIngestion,
      });
    }
  }
}
