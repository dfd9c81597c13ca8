/*
 * Nexmark query 7, highest bid: the bid(s) with the highest price in each 10 s tumbling window. Two
 * stages, so it runs in parallel: the highest bids per auction per window, keyed by auction; then,
 * keyed by window, the highest of those. A stage-1 result carries its window's last timestamp, so it
 * lands in the same window of stage 2.
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
    .keyBy((b) => b.auction)
    .window(TumblingEventTimeWindows.of(Q7_WINDOW_MS))
    .aggregate(new HighestBids(), windowTop)
    .name('q7-local-max')
    .uid('q7-local-max')
    .keyBy((t) => t.windowEnd)
    .window(TumblingEventTimeWindows.of(Q7_WINDOW_MS))
    .reduce(higher, highestBids)
    .name('q7-global-max')
    .uid('q7-global-max');

/**
 * The bids with the highest price seen (all of them when tied), and the newest ingestion stamp of
 * every bid seen: the maximum depends on all of them, so that is where the result's latency starts.
 */
interface TopBids {
  price: number;
  bids: Bid[];
  latestIngestion: number;
}

interface WindowTop extends TopBids {
  windowEnd: number;
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
  merge(a: TopBids, b: TopBids): TopBids {
    return mergeTops(a, b);
  }
}

function windowTop(
  _auction: number,
  ctx: ProcessWindowFunction.Context<TimeWindow>,
  tops: Iterable<TopBids>,
  out: Collector<WindowTop>,
): void {
  for (const { price, bids, latestIngestion } of tops) {
    out.collect({ price, bids, latestIngestion, windowEnd: ctx.window.end });
  }
}

function higher(a: WindowTop, b: WindowTop): WindowTop {
  return { ...mergeTops(a, b), windowEnd: a.windowEnd };
}

/** The higher of two tops (both when tied), with the newest stamp of either. */
function mergeTops(a: TopBids, b: TopBids): TopBids {
  const latestIngestion = Math.max(a.latestIngestion, b.latestIngestion);
  if (a.price !== b.price) return { ...(a.price > b.price ? a : b), latestIngestion };
  return { price: a.price, bids: a.bids.concat(b.bids), latestIngestion };
}

function highestBids(
  windowEnd: number,
  _ctx: ProcessWindowFunction.Context<TimeWindow>,
  tops: Iterable<WindowTop>,
  out: Collector<HighestBid>,
): void {
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
