/*
 * Nexmark query 4, average closing price per category: first the winning bid of every auction (the
 * highest bid made while it was open, known once event time passes its close), then the average of
 * those closing prices per category, over the auctions that closed in each 10 s tumbling window (as
 * Beam's q4 windows it; Flink's SQL keeps one ever-updating average instead).
 */
import {
  KeyedCoProcessFunction,
  ListStateDescriptor,
  TumblingEventTimeWindows,
  ValueStateDescriptor,
  type AggregateFunction,
  type Collector,
  type DataStream,
  type ListState,
  type ProcessWindowFunction,
  type RuntimeContext,
  type TimeWindow,
  type ValueState,
} from '@weir/api';
import type { Auction, Bid, CategoryAverage, WinningBid } from '../model';
import { Q4_WINDOW_MS } from '../query-parameters';
import { nexmarkStream, type NexmarkQuery, type SourceAlignment } from './nexmark-stream';

/**
 * A bid may refer to an auction that another source subtask generates. Subtasks that drift apart in
 * event time leave the bids of the one ahead waiting in the join for their auctions: at parallelism
 * 2, 200k waiting after 10M events and 1.3 GB of memory after 30M, without alignment (one generator;
 * with one per subtask, only a few bids cross). A source runs through some 500 s of event time a
 * second, so the drift allowed is 100 s, about 200 ms of work. With 20 s, less work than the 50 ms
 * between alignment updates, the sources stood still at most updates: q4 at parallelism 2 ran at
 * 2.5M events/s instead of 3.25M, for 20–40 MB less memory (peak 340–360 MB now, also over 100M).
 */
const SOURCE_ALIGNMENT: SourceAlignment = { maxDriftMs: 100_000, updateIntervalMs: 50 };

/**
 * What the join needs of an auction and of a bid. Each is selected and cut down in one step before the
 * shuffle, as Flink's planner pushes projections down: at parallelism 2 half the bids cross threads,
 * and encoding their strings took 18% of the CPU.
 */
type AuctionTerms = Pick<Auction, 'id' | 'category' | 'dateTime' | 'expires' | 'ingestionTime'>;
type BidPrice = Pick<Bid, 'auction' | 'price' | 'dateTime' | 'ingestionTime'>;

export const q4: NexmarkQuery<CategoryAverage> = (env, source): DataStream<CategoryAverage> => {
  const events = nexmarkStream(env, source, SOURCE_ALIGNMENT);
  const auctions = events
    .process<AuctionTerms>((e, _ctx, out) => {
      if (e.kind === 'auction') {
        out.collect({
          id: e.id,
          category: e.category,
          dateTime: e.dateTime,
          expires: e.expires,
          ingestionTime: e.ingestionTime,
        });
      }
    })
    .name('auction-terms');
  const bids = events
    .process<BidPrice>((e, _ctx, out) => {
      if (e.kind === 'bid') {
        out.collect({ auction: e.auction, price: e.price, dateTime: e.dateTime, ingestionTime: e.ingestionTime });
      }
    })
    .name('bid-prices');
  return auctions
    .connect(bids)
    .keyBy(
      (a) => a.id,
      (b) => b.auction,
    )
    .process(new WinningBids())
    .name('q4-winning-bids')
    .uid('q4-winning-bids')
    .keyBy((w) => w.category)
    .window(TumblingEventTimeWindows.of(Q4_WINDOW_MS))
    .aggregate(new AveragePrice(), categoryAverage)
    .name('q4-average-per-category')
    .uid('q4-average-per-category');
};

/** An auction being bid on: its terms, and of the bids made while it was open, the highest price and the latest ingestion. */
interface OpenAuction {
  readonly terms: AuctionTerms;
  /** -1 until a bid counts. */
  highestPrice: number;
  latestBidIngestion: number;
}

/**
 * Keeps an open auction and the highest price bid on it so far, and emits the winner when event time
 * reaches the close (the watermark then says every bid made while it was open has arrived). A bid
 * that comes before its auction (the two inputs interleave arbitrarily) waits until the auction comes
 * or event time passes the bid, after which the auction can only have opened after it. The waiting
 * bids share one timer, at the first one's time, and those still waiting then set the next: at
 * parallelism 2 a bid often comes before an auction the other subtask made, and a timer per bid was
 * a quarter of the join's work. An auction and its best bid so far are one state, which a bid updates
 * in place: one state lookup per bid instead of three.
 */
export class WinningBids extends KeyedCoProcessFunction<number, AuctionTerms, BidPrice, WinningBid> {
  private openAuction!: ValueState<OpenAuction>;
  private early!: ListState<BidPrice>;
  /** When the early bids' one timer fires. */
  private earlyTimer!: ValueState<number>;

  override open(ctx: RuntimeContext): void {
    this.openAuction = ctx.getState(new ValueStateDescriptor<OpenAuction>('open-auction'));
    this.early = ctx.getListState(new ListStateDescriptor<BidPrice>('bids-before-auction'));
    this.earlyTimer = ctx.getState(new ValueStateDescriptor<number>('bids-before-auction-timer'));
  }

  processElement1(terms: AuctionTerms, ctx: KeyedCoProcessFunction.Context<number>) {
    const open: OpenAuction = { terms, highestPrice: -1, latestBidIngestion: 0 };
    ctx.timerService().registerEventTimeTimer(terms.expires);
    const earlyTimer = this.earlyTimer.value();
    if (earlyTimer !== undefined) {
      for (const bid of this.early.get()) consider(bid, open);
      this.early.clear();
      // The same time is the same timer: the auction's close must keep it.
      if (earlyTimer !== terms.expires) ctx.timerService().deleteEventTimeTimer(earlyTimer);
      this.earlyTimer.clear();
    }
    this.openAuction.update(open);
  }

  processElement2(bid: BidPrice, ctx: KeyedCoProcessFunction.Context<number>) {
    const open = this.openAuction.value();
    if (open !== undefined) {
      if (consider(bid, open)) this.openAuction.update(open);
    } else {
      this.early.add(bid);
      if (this.earlyTimer.value() === undefined) this.waitUntil(bid.dateTime, ctx);
    }
  }

  override onTimer(timestamp: number, ctx: KeyedCoProcessFunction.OnTimerContext<number>, out: Collector<WinningBid>) {
    const open = this.openAuction.value();
    if (open === undefined) {
      // Bids whose auction has not come by their own time cannot have been made while it was open.
      const waiting: BidPrice[] = [];
      let earliest = Number.POSITIVE_INFINITY;
      for (const bid of this.early.get()) {
        if (bid.dateTime <= timestamp) continue;
        waiting.push(bid);
        earliest = Math.min(earliest, bid.dateTime);
      }
      this.early.update(waiting);
      if (waiting.length > 0) this.waitUntil(earliest, ctx);
      else this.earlyTimer.clear();
      return;
    }
    const { terms, highestPrice, latestBidIngestion } = open;
    if (timestamp < terms.expires) return;
    if (highestPrice >= 0) {
      out.collect({
        auction: terms.id,
        category: terms.category,
        price: highestPrice,
        expires: terms.expires,
        ingestionTime: Math.max(terms.ingestionTime, latestBidIngestion),
      });
    }
    this.openAuction.clear();
  }

  private waitUntil(time: number, ctx: KeyedCoProcessFunction.Context<number>): void {
    ctx.timerService().registerEventTimeTimer(time);
    this.earlyTimer.update(time);
  }
}

/** Folds a bid made while the auction was open into it; returns whether the bid counted. */
function consider(bid: BidPrice, open: OpenAuction): boolean {
  const { terms } = open;
  if (bid.dateTime < terms.dateTime || bid.dateTime > terms.expires) return false;
  if (bid.price > open.highestPrice) open.highestPrice = bid.price;
  if (bid.ingestionTime > open.latestBidIngestion) open.latestBidIngestion = bid.ingestionTime;
  return true;
}

interface PriceSum {
  sum: number;
  count: number;
  latestIngestion: number;
}

class AveragePrice implements AggregateFunction<WinningBid, PriceSum, PriceSum> {
  createAccumulator(): PriceSum {
    return { sum: 0, count: 0, latestIngestion: 0 };
  }
  add(winner: WinningBid, acc: PriceSum): PriceSum {
    acc.sum += winner.price;
    acc.count++;
    if (winner.ingestionTime > acc.latestIngestion) acc.latestIngestion = winner.ingestionTime;
    return acc;
  }
  getResult(acc: PriceSum): PriceSum {
    return acc;
  }
  merge(a: PriceSum, b: PriceSum): PriceSum {
    return {
      sum: a.sum + b.sum,
      count: a.count + b.count,
      latestIngestion: Math.max(a.latestIngestion, b.latestIngestion),
    };
  }
}

function categoryAverage(
  category: number,
  ctx: ProcessWindowFunction.Context<TimeWindow>,
  sums: Iterable<PriceSum>,
  out: Collector<CategoryAverage>,
): void {
  for (const { sum, count, latestIngestion } of sums) {
    out.collect({ category, averagePrice: sum / count, windowEnd: ctx.window.end, ingestionTime: latestIngestion });
  }
}
