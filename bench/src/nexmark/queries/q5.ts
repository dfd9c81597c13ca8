/*
 * Nexmark query 5, hot items: the auction(s) with the most bids in each 10 s window sliding by 2 s.
 * Bids per auction per window (the runtime keeps a sliding window as 2 s slices, as Flink's SQL runs
 * it: each bid is counted once, into its slice, and pre-aggregated per slice before the shuffle),
 * then, keyed by window, the largest count (pre-aggregated too, so each subtask sends on only its
 * own hottest). A result carries its window's last timestamp, so the next stage's window that
 * holds it is exactly its own.
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
    .aggregate(new Hottest(), hottest)
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
  /** In place: the runtime merges copies of a window's slices, and partials from the other subtask. */
  merge(a: BidCount, b: BidCount): BidCount {
    a.count += b.count;
    if (b.latestIngestion > a.latestIngestion) a.latestIngestion = b.latestIngestion;
    return a;
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

/** The auctions with the highest count (all of them when tied). */
class Hottest implements AggregateFunction<HotItem, HotItem[], HotItem[]> {
  createAccumulator(): HotItem[] {
    return [];
  }
  add(item: HotItem, hot: HotItem[]): HotItem[] {
    if (hot.length === 0 || item.count > hot[0].count) return [item];
    if (item.count === hot[0].count) hot.push(item);
    return hot;
  }
  getResult(hot: HotItem[]): HotItem[] {
    return hot;
  }
  merge(a: HotItem[], b: HotItem[]): HotItem[] {
    if (a.length === 0 || b.length === 0) return a.length === 0 ? b : a;
    if (a[0].count !== b[0].count) return a[0].count > b[0].count ? a : b;
    return a.concat(b);
  }
}

function hottest(
  _windowEnd: number,
  _ctx: ProcessWindowFunction.Context<TimeWindow>,
  results: Iterable<HotItem[]>,
  out: Collector<HotItem>,
): void {
  for (const hot of results) for (let i = 0; i < hot.length; i++) out.collect(hot[i]);
}
