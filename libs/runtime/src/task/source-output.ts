import type { ReaderOutput, WatermarkStrategy } from '@weir/core';
import type { OperatorContext } from '../operators/operator-context';
import type { Output } from '../operators/output';
import { TimestampsAndWatermarks } from '../operators/timestamps-and-watermarks';
import { MAX_WATERMARK, MIN_WATERMARK, NO_TIMESTAMP } from '../time-constants';

/**
 * What a source reader emits through (Flink's ProgressiveTimestampsAndWatermarks): its records go
 * straight on into the chain, each stamped by the source's WatermarkStrategy, and its watermarks are
 * made per split when the reader emits each split's records through the split's own output
 * (`createOutputForSplit`, as SourceReaderBase does for readers that take their splits in turn).
 *
 * Each split output runs its own timestamp assigner and watermark generator. The subtask's watermark
 * is the lowest over the split outputs that are not idle (Flink's WatermarkOutputMultiplexer): a
 * partition read with a backlog keeps it back until it catches up, instead of having its records
 * judged late against a current partition's times. A split counts from when the reader takes it, so
 * one not read yet holds the watermark back too; one that stays empty does so until it is idle
 * (`withIdleness`), as an empty Kafka partition does in Flink. One periodic timer drives every
 * generator, and the lowest is taken once after all of them. A split output that is released (its
 * split ended) no longer counts.
 *
 * Records a reader emits here, not through a split output, have a generator of their own, as in
 * Flink; the subtask's watermark is the higher of the two sides, and it is idle when both are (the
 * split side is idle when it has no active split output). A reader uses one side or the other.
 */
export class SourceOutput implements ReaderOutput<unknown> {
  /** Records emitted so far, for progress and metrics. */
  recordsOut = 0;
  private readonly own: TimestampsAndWatermarks;
  private readonly ownChannel: WatermarkChannel;
  private readonly splits = new Map<string, SplitOutput>();
  private emittedWatermark = MIN_WATERMARK;
  private idle = false;
  private splitsIdle = true;
  /** Set during a periodic emit: the splits' lowest is taken once, after all their generators. */
  private deferCombining = false;
  private cancelPeriodicEmit: (() => void) | undefined;
  private readonly onPeriodicTimer = (): void => this.onPeriodicEmit();

  constructor(
    private readonly strategy: WatermarkStrategy<unknown>,
    private readonly chain: Output<unknown>,
    private readonly ctx: OperatorContext,
  ) {
    this.ownChannel = new WatermarkChannel(this, chain);
    this.own = new TimestampsAndWatermarks(strategy, this.ownChannel, ctx);
  }

  /** Starts the periodic emit (every auto-watermark interval; none when the interval is 0). */
  start(): void {
    if (this.strategy.generatesWatermarks && this.ctx.config.autoWatermarkIntervalMs > 0) this.schedulePeriodicEmit();
  }

  stop(): void {
    this.cancelPeriodicEmit?.();
    this.cancelPeriodicEmit = undefined;
  }

  /** The reader has ended: a watermark at +∞, so every window and timer downstream may fire. */
  endOfInput(): void {
    this.stop();
    this.setIdle(false);
    this.emitWatermark(MAX_WATERMARK);
  }

  /** The latest watermark emitted (MIN_WATERMARK before any). */
  get currentWatermark(): number {
    return this.emittedWatermark;
  }

  get isIdle(): boolean {
    return this.idle;
  }

  /** ReaderOutput: one record from the reader, with the reader's own timestamp if it has one. */
  collect(record: unknown, timestamp?: number): void {
    this.recordsOut++;
    this.own.collect(record, timestamp ?? NO_TIMESTAMP);
  }

  createOutputForSplit(splitId: string): ReaderOutput<unknown> {
    let output = this.splits.get(splitId);
    if (output === undefined) {
      const channel = new WatermarkChannel(this, this.chain);
      output = new SplitOutput(this, channel, new TimestampsAndWatermarks(this.strategy, channel, this.ctx));
      this.splits.set(splitId, output);
      this.combineSplits();
    }
    return output;
  }

  releaseOutputForSplit(splitId: string): void {
    if (this.splits.delete(splitId)) this.combineSplits();
  }

  /** A channel's watermark or idleness changed. */
  channelChanged(channel: WatermarkChannel): void {
    if (channel === this.ownChannel) {
      this.setIdle(channel.idle && this.splitsIdle);
      if (!channel.idle) this.emitWatermark(channel.watermark);
    } else if (!this.deferCombining) this.combineSplits();
  }

  /** The lowest watermark of the split outputs that are not idle. */
  private combineSplits(): void {
    let lowest = MAX_WATERMARK;
    let active = false;
    for (const split of this.splits.values()) {
      const channel = split.channel;
      if (channel.idle) continue;
      active = true;
      if (channel.watermark < lowest) lowest = channel.watermark;
    }
    this.splitsIdle = !active;
    this.setIdle(this.ownChannel.idle && this.splitsIdle);
    if (active) this.emitWatermark(lowest);
  }

  private setIdle(idle: boolean): void {
    if (idle === this.idle) return;
    this.idle = idle;
    this.chain.emitWatermarkStatus(idle);
  }

  /** Watermarks only move forward. */
  private emitWatermark(watermark: number): void {
    if (watermark <= this.emittedWatermark) return;
    this.emittedWatermark = watermark;
    this.chain.emitWatermark(watermark);
  }

  private onPeriodicEmit(): void {
    this.cancelPeriodicEmit = undefined;
    this.own.emitPeriodic();
    if (this.splits.size > 0) {
      this.deferCombining = true;
      for (const split of this.splits.values()) split.watermarks.emitPeriodic();
      this.deferCombining = false;
      this.combineSplits();
    }
    this.schedulePeriodicEmit();
  }

  private schedulePeriodicEmit(): void {
    const timers = this.ctx.processingTimeService;
    this.cancelPeriodicEmit = timers.registerTimer(
      timers.getCurrentProcessingTime() + this.ctx.config.autoWatermarkIntervalMs,
      this.onPeriodicTimer,
    );
  }
}

/** Where one generator's output goes: records on into the chain, watermarks and idleness to the source. */
class WatermarkChannel implements Output<unknown> {
  watermark = MIN_WATERMARK;
  idle = false;

  constructor(
    private readonly source: SourceOutput,
    private readonly chain: Output<unknown>,
  ) {}

  collect(value: unknown, timestamp: number): void {
    this.chain.collect(value, timestamp);
  }

  collectSide(tagId: string, value: unknown, timestamp: number): void {
    this.chain.collectSide(tagId, value, timestamp);
  }

  emitWatermark(watermark: number): void {
    this.watermark = watermark;
    this.source.channelChanged(this);
  }

  emitWatermarkStatus(idle: boolean): void {
    this.idle = idle;
    this.source.channelChanged(this);
  }
}

/** The output of one split's records, with the split's own timestamps and watermarks. */
class SplitOutput implements ReaderOutput<unknown> {
  constructor(
    private readonly source: SourceOutput,
    readonly channel: WatermarkChannel,
    readonly watermarks: TimestampsAndWatermarks,
  ) {}

  collect(record: unknown, timestamp?: number): void {
    this.source.recordsOut++;
    this.watermarks.collect(record, timestamp ?? NO_TIMESTAMP);
  }
}
