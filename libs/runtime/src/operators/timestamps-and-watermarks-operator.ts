import { RecordError } from '@weir/common';
import { MAX_WATERMARK, MIN_WATERMARK, NO_TIMESTAMP } from '../time-constants';
import type {
  OperatorSpec,
  TimestampAssigner,
  WatermarkGenerator,
  WatermarkOutput,
  WatermarkStrategy,
} from '@weir/core';
import { StreamOperator } from './stream-operator';

type TimestampsAndWatermarksSpec = Extract<OperatorSpec, { kind: 'timestampsAndWatermarks' }>;

/**
 * `assignTimestampsAndWatermarks(strategy)` in the middle of a stream (Flink's
 * TimestampsAndWatermarksOperator). It replaces event time: each record gets the assigner's
 * timestamp and goes out before any watermark its own `onEvent` produces; the generator also emits
 * every auto-watermark interval. Upstream watermarks and idleness are ignored, except the final
 * MAX_WATERMARK, which is forwarded so a bounded job still ends.
 *
 * Idleness (`withIdleness`): as in Flink, checked on the periodic emit without reading the clock per
 * record. The output is marked idle at the first check at least the timeout after the last check
 * that had seen records, so at most one interval late, and active again with the next record.
 */
export class TimestampsAndWatermarksOperator extends StreamOperator implements WatermarkOutput {
  private readonly strategy: WatermarkStrategy<unknown>;
  private readonly assigner: TimestampAssigner<unknown> | undefined;
  private generator!: WatermarkGenerator<unknown>;
  private emittedWatermark = MIN_WATERMARK;
  private idle = false;
  private intervalMs = 0;
  private cancelPeriodicEmit: (() => void) | undefined;
  /** Set by finish/close: a periodic emit already queued in the mailbox must not run after them. */
  private periodicEmitStopped = false;
  private readonly onPeriodicTimer: (time: number) => void;
  private sawRecordSinceCheck = false;
  private lastActivityAt = 0;

  constructor(spec: TimestampsAndWatermarksSpec) {
    super();
    this.strategy = spec.watermarkStrategy;
    this.assigner = spec.watermarkStrategy.timestampAssigner;
    this.onPeriodicTimer = () => this.onPeriodicEmit();
  }

  override open(): void {
    this.generator = this.strategy.createWatermarkGenerator();
    this.lastActivityAt = this.ctx.processingTimeService.getCurrentProcessingTime();
    this.intervalMs = this.ctx.config.autoWatermarkIntervalMs;
    if (this.intervalMs > 0 && this.strategy.generatesWatermarks) this.schedulePeriodicEmit();
  }

  processElement(value: unknown, timestamp: number): void {
    const assigner = this.assigner;
    let eventTimestamp = timestamp;
    if (assigner !== undefined) {
      eventTimestamp = assigner(value, timestamp === NO_TIMESTAMP ? undefined : timestamp);
      if (typeof eventTimestamp !== 'number' || Number.isNaN(eventTimestamp)) this.badTimestamp(eventTimestamp);
    }
    this.sawRecordSinceCheck = true;
    if (this.idle) this.markActive();
    this.output.collect(value, eventTimestamp);
    this.generator.onEvent(value, eventTimestamp, this);
  }

  override processWatermark(watermark: number): void {
    if (watermark === MAX_WATERMARK) this.emitWatermark(MAX_WATERMARK);
  }

  override processWatermarkStatus(): void {}

  /** As Flink does: one last periodic emit, so the watermark covers the final records. */
  override finish(): void {
    this.stopPeriodicEmit();
    if (this.strategy.generatesWatermarks) this.periodicEmit();
  }

  override close(): void {
    this.stopPeriodicEmit();
  }

  /** WatermarkOutput: watermarks only move forward; emitting one means the output is active. */
  emitWatermark(watermark: number): void {
    if (watermark <= this.emittedWatermark) return;
    this.emittedWatermark = watermark;
    this.markActive();
    this.output.emitWatermark(watermark);
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

  private onPeriodicEmit(): void {
    if (this.periodicEmitStopped) return;
    this.cancelPeriodicEmit = undefined;
    this.periodicEmit();
    this.schedulePeriodicEmit();
  }

  private periodicEmit(): void {
    if (this.idleNow()) this.markIdle();
    else this.generator.onPeriodicEmit(this);
  }

  private idleNow(): boolean {
    const timeout = this.strategy.idleTimeoutMillis;
    if (timeout === undefined) return false;
    const now = this.ctx.processingTimeService.getCurrentProcessingTime();
    if (this.sawRecordSinceCheck) {
      this.sawRecordSinceCheck = false;
      this.lastActivityAt = now;
      return false;
    }
    return now - this.lastActivityAt >= timeout;
  }

  private schedulePeriodicEmit(): void {
    const timers = this.ctx.processingTimeService;
    this.cancelPeriodicEmit = timers.registerTimer(
      timers.getCurrentProcessingTime() + this.intervalMs,
      this.onPeriodicTimer,
    );
  }

  private stopPeriodicEmit(): void {
    this.periodicEmitStopped = true;
    this.cancelPeriodicEmit?.();
    this.cancelPeriodicEmit = undefined;
  }

  private badTimestamp(timestamp: unknown): never {
    throw new RecordError(
      `The timestamp assigner of operator '${this.ctx.operatorName}' returned ${String(timestamp)} for a record; ` +
        'it must return the event time in milliseconds as a number.',
    );
  }
}
