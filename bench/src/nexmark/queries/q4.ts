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
import { auctionsOf, bidsOf, nexmarkStream, type NexmarkQuery, type SourceAlignment } from './nexmark-stream';

/**
 * A bid may refer to an auction that another source subtask generates. Subtasks that drift apart in
 * event time leave the bids of the one ahead waiting in the join for their auctions: at parallelism
 * 2, 200k waiting after 10M events and 1.3 GB of memory after 30M, without alignment. The generator
 * runs through some 100–1,000 s of event time a second, so 20 s is tens of milliseconds of work.
 */
const SOURCE_ALIGNMENT: SourceAlignment = { maxDriftMs: 20_000, updateIntervalMs: 50 };

export const q4: NexmarkQuery<CategoryAverage> = (env, source): DataStream<CategoryAverage> => {
  const events = nexmarkStream(env, source, SOURCE_ALIGNMENT);
  return auctionsOf(events)
    .connect(bidsOf(events))
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

/**
 * Keeps an open auction and the highest price bid on it so far, and emits the winner when event time
 * reaches the close (the watermark then says every bid made while it was open has arrived). A bid
 * that comes before its auction (the two inputs interleave arbitrarily) waits until the auction comes
 * or event time passes the bid, after which the auction can only have opened after it.
 */
class WinningBids extends KeyedCoProcessFunction<number, Auction, Bid, WinningBid> {
  private auction!: ValueState<Auction>;
  private highestPrice!: ValueState<number>;
  /** The latest ingestion time among the bids that counted. */
  private latestBid!: ValueState<number>;
  private early!: ListState<Bid>;

  override open(ctx: RuntimeContext): void {
    this.auction = ctx.getState(new ValueStateDescriptor<Auction>('auction'));
    this.highestPrice = ctx.getState(new ValueStateDescriptor<number>('highest-price'));
    this.latestBid = ctx.getState(new ValueStateDescriptor<number>('latest-bid-ingestion'));
    this.early = ctx.getListState(new ListStateDescriptor<Bid>('bids-before-auction'));
  }

  processElement1(auction: Auction, ctx: KeyedCoProcessFunction.Context<number>) {
    this.auction.update(auction);
    ctx.timerService().registerEventTimeTimer(auction.expires);
    for (const bid of this.early.get()) this.consider(bid, auction);
    this.early.clear();
  }

  processElement2(bid: Bid, ctx: KeyedCoProcessFunction.Context<number>) {
    const auction = this.auction.value();
    if (auction !== undefined) {
      this.consider(bid, auction);
    } else {
      this.early.add(bid);
      ctx.timerService().registerEventTimeTimer(bid.dateTime);
    }
  }

  override onTimer(timestamp: number, _ctx: KeyedCoProcessFunction.OnTimerContext<number>, out: Collector<WinningBid>) {
    const auction = this.auction.value();
    if (auction === undefined) {
      // Bids whose auction has not come by their own time cannot have been made while it was open.
      const waiting: Bid[] = [];
      for (const bid of this.early.get()) if (bid.dateTime > timestamp) waiting.push(bid);
      this.early.update(waiting);
      return;
    }
    if (timestamp < auction.expires) return;
    const price = this.highestPrice.value();
    if (price !== undefined) {
      out.collect({
        auction: auction.id,
        category: auction.category,
        price,
        expires: auction.expires,
        ingestionTime: Math.max(auction.ingestionTime, this.latestBid.value() ?? 0),
      });
    }
    this.auction.clear();
    this.highestPrice.clear();
    this.latestBid.clear();
    this.early.clear();
  }

  private consider(bid: Bid, auction: Auction): void {
    if (bid.dateTime < auction.dateTime || bid.dateTime > auction.expires) return;
    if (bid.price > (this.highestPrice.value() ?? -1)) this.highestPrice.update(bid.price);
    if (bid.ingestionTime > (this.latestBid.value() ?? -1)) this.latestBid.update(bid.ingestionTime);
  }
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
