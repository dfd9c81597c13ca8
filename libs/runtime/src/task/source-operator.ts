import { JobDefinitionError } from '@weir/common';
import { MAX_WATERMARK, MIN_WATERMARK, NO_TIMESTAMP } from '../time-constants';
import type {
  InputStatus,
  OperatorSpec,
  ReaderOutput,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  TimestampAssigner,
  WatermarkGenerator,
  WatermarkOutput,
} from '@weir/core';
import { StreamOperator } from '../operators/stream-operator';

type SourceSpec = Extract<OperatorSpec, { kind: 'source' }>;

/**
 * The head of a source chain: drives a SourceReader and applies the source's WatermarkStrategy
 * (timestamps, watermarks on events and periodically, idleness), as Flink's SourceOperator does.
 * The task calls `emitNext` in a loop; records go straight into the chain.
 */
export class SourceOperator extends StreamOperator implements ReaderOutput<unknown>, WatermarkOutput {
  private reader!: SourceReader<unknown, SourceSplit>;
  private readerContext!: SourceReaderContext;
  private generator: WatermarkGenerator<unknown> | undefined;
  private readonly assigner: TimestampAssigner<unknown> | undefined;
  private cancelPeriodicEmit: (() => void) | undefined;
  private emittedWatermark = MIN_WATERMARK;
  private idle = false;
  /** Records since the last periodic tick: idleness is judged per tick, never by a clock read per record. */
  private recordsSinceTick = 0;
  private quietSince = 0;
  /** Records emitted so far, for progress and metrics. */
  recordsOut = 0;

  constructor(private readonly spec: SourceSpec) {
    super();
    this.assigner = spec.watermarkStrategy.timestampAssigner;
  }

  /** Called by the task before `open`: how the reader reaches the split enumerator. */
  setReaderContext(context: SourceReaderContext): void {
    this.readerContext = context;
  }

  override open(): void {
    this.reader = this.spec.source.createReader(this.readerContext);
    this.reader.start();
    const strategy = this.spec.watermarkStrategy;
    if (!strategy.generatesWatermarks) return;
    this.generator = strategy.createWatermarkGenerator();
    const interval = this.ctx.config.autoWatermarkIntervalMs;
    if (interval > 0) this.schedulePeriodicEmit(interval);
  }

  emitNext(): InputStatus {
    return this.reader.pollNext(this);
  }

  isAvailable(): Promise<void> {
    return this.reader.isAvailable();
  }

  addSplits(splits: SourceSplit[]): void {
    this.reader.addSplits(splits);
  }

  notifyNoMoreSplits(): void {
    this.reader.notifyNoMoreSplits();
  }

  /** ReaderOutput: one record from the reader. A record goes out before the watermark its event makes. */
  collect(record: unknown, timestamp?: number): void {
    const ts = this.assigner !== undefined ? this.assigner(record, timestamp) : (timestamp ?? NO_TIMESTAMP);
    this.recordsOut++;
    if (this.idle) this.markActive();
    this.output.collect(record, ts);
    if (this.generator !== undefined) {
      this.recordsSinceTick++;
      this.generator.onEvent(record, ts, this);
    }
  }

  /** The reader has ended: every window and timer downstream may now fire. */
  endOfInput(): void {
    this.cancelPeriodicEmit?.();
    this.cancelPeriodicEmit = undefined;
    if (this.idle) this.markActive();
    this.emitWatermark(MAX_WATERMARK);
  }

  processElement(): void {
    throw new JobDefinitionError(`Source '${this.ctx.operatorName}' cannot take input records.`);
  }

  emitWatermark(timestamp: number): void {
    if (timestamp <= this.emittedWatermark) return;
    this.emittedWatermark = timestamp;
    this.output.emitWatermark(timestamp);
  }

  markIdle(): void {
    if (this.idle) return;
    this.idle = true;
    this.output.emitWatermarkStatus(true);
  }

  markActive(): void {
    if (!this.idle) return;
    this.idle = false;
    this.output.emitWatermarkStatus(false);
  }

  override close(): void {
    this.cancelPeriodicEmit?.();
    this.reader?.close();
  }

  private schedulePeriodicEmit(interval: number): void {
    const timers = this.ctx.processingTimeService;
    const idleTimeout = this.spec.watermarkStrategy.idleTimeoutMillis;
    this.quietSince = timers.getCurrentProcessingTime();
    const tick = (time: number): void => {
      if (this.recordsSinceTick > 0) this.quietSince = time;
      this.recordsSinceTick = 0;
      if (idleTimeout !== undefined && !this.idle && time - this.quietSince >= idleTimeout) this.markIdle();
      if (!this.idle) this.generator!.onPeriodicEmit(this);
      this.cancelPeriodicEmit = timers.registerTimer(time + interval, tick);
    };
    this.cancelPeriodicEmit = timers.registerTimer(timers.getCurrentProcessingTime() + interval, tick);
  }
}
