/*
 * Nexmark query 5, hot items: the auction(s) with the most bids in each 10 s window sliding by 2 s.
 * Two stages, so the counting runs in parallel: bids per auction per window, keyed by auction; then,
 * keyed by window, the largest count. A stage-1 result carries its window's last timestamp, so the
 * stage-2 tumbling window of one slide that holds it is exactly its window.
 */
import {
  SlidingEventTimeWindows,
  TumblingEventTimeWindows,
  type AggregateFunction,
  type Collector,
  type DataStream,
  type ProcessWindowFunction,
  type TimeWindow,
} from '@weir/api';
import type { Bid, HotItem } from '../model';
import { Q5_SLIDE_MS, Q5_WINDOW_MS } from '../query-parameters';
import { bidsOf, nexmarkStream, type NexmarkQuery } from './nexmark-stream';

export const q5: NexmarkQuery<HotItem> = (env, source): DataStream<HotItem> =>
  bidsOf(nexmarkStream(env, source))
    .keyBy((b) => b.auction)
    .window(SlidingEventTimeWindows.of(Q5_WINDOW_MS, Q5_SLIDE_MS))
    .aggregate(new CountBids(), auctionCount)
    .name('q5-bids-per-auction')
    .uid('q5-bids-per-auction')
    .keyBy((c) => c.windowEnd)
    .window(TumblingEventTimeWindows.of(Q5_SLIDE_MS))
    .process(hottest)
    .name('q5-hottest')
    .uid('q5-hottest');

interface BidCount {
  count: number;
  latestIngestion: number;
}

class CountBids implements AggregateFunction<Bid, BidCount, BidCount> {
  createAccumulator(): BidCount {
    return { count: 0, latestIngestion: 0 };
  }
  add(bid: Bid, acc: BidCount): BidCount {
    acc.count++;
    if (bid.ingestionTime > acc.latestIngestion) acc.latestIngestion = bid.ingestionTime;
    return acc;
  }
  getResult(acc: BidCount): BidCount {
    return acc;
  }
  merge(a: BidCount, b: BidCount): BidCount {
    return { count: a.count + b.count, latestIngestion: Math.max(a.latestIngestion, b.latestIngestion) };
  }
}

function auctionCount(
  auction: number,
  ctx: ProcessWindowFunction.Context<TimeWindow>,
  counts: Iterable<BidCount>,
  out: Collector<HotItem>,
): void {
  for (const { count, latestIngestion } of counts) {
    out.collect({ auction, count, windowEnd: ctx.window.end, ingestionTime: latestIngestion });
  }
}

function hottest(
  _windowEnd: number,
  _ctx: ProcessWindowFunction.Context<TimeWindow>,
  counts: Iterable<HotItem>,
  out: Collector<HotItem>,
): void {
  let top = 0;
  let hot: HotItem[] = [];
  for (const c of counts) {
    if (c.count > top) {
      top = c.count;
      hot = [c];
    } else if (c.count === top) {
      hot.push(c);
    }
  }
  for (let i = 0; i < hot.length; i++) out.collect(hot[i]);
}
