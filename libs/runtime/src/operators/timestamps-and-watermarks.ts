import { RecordError } from '@weir/common';
import type { TimestampAssigner, WatermarkGenerator, WatermarkOutput, WatermarkStrategy } from '@weir/core';
import { MIN_WATERMARK, NO_TIMESTAMP } from '../time-constants';
import type { OperatorContext } from './operator-context';
import type { Output } from './output';

/**
 * A WatermarkStrategy at work on the records passing to an output (Flink's TimestampsAndWatermarks):
 * each record gets the assigner's timestamp and goes out before any watermark its own `onEvent`
 * makes; the generator also emits every auto-watermark interval. Sources and mid-stream
 * `assignTimestampsAndWatermarks` both run one.
 *
 * Idleness (`withIdleness`): as in Flink, judged on the periodic emit, never by a clock read per
 * record. The output is marked idle at the first check at least the timeout after the last check
 * that had seen records — so at most one interval late — and active again with the next record.
 *
 * `start` has it emit periodically on its own timer; a source drives the periodic emits of its
 * splits' instances itself (`emitPeriodic`), all at once, and combines them (task/source-output.ts).
 */
export class TimestampsAndWatermarks implements WatermarkOutput {
  private readonly assigner: TimestampAssigner<unknown> | undefined;
  private readonly generator: WatermarkGenerator<unknown> | undefined;
  private emittedWatermark = MIN_WATERMARK;
  private idle = false;
  private sawRecordSinceCheck = false;
  private lastActivityAt = 0;
  private cancelPeriodicEmit: (() => void) | undefined;
  /** Set once stopped: a periodic emit already queued in the mailbox must not run after it. */
  private stopped = false;
  private readonly onPeriodicTimer = (): void => this.onPeriodicEmit();

  constructor(
    private readonly strategy: WatermarkStrategy<unknown>,
    private readonly output: Output<unknown>,
    private readonly ctx: OperatorContext,
  ) {
    this.assigner = strategy.timestampAssigner;
    this.generator = strategy.generatesWatermarks ? strategy.createWatermarkGenerator() : undefined;
    this.lastActivityAt = ctx.processingTimeService.getCurrentProcessingTime();
  }

  /** Starts the periodic emit on its own timer (every auto-watermark interval; none when the interval is 0). */
  start(): void {
    if (this.generator !== undefined && this.ctx.config.autoWatermarkIntervalMs > 0) this.schedulePeriodicEmit();
  }

  /** One record: `timestamp` is what it carried so far (NO_TIMESTAMP for none). */
  collect(value: unknown, timestamp: number): void {
    let eventTimestamp = timestamp;
    const assigner = this.assigner;
    if (assigner !== undefined) {
      eventTimestamp = assigner(value, timestamp === NO_TIMESTAMP ? undefined : timestamp);
      if (typeof eventTimestamp !== 'number' || Number.isNaN(eventTimestamp)) this.badTimestamp(eventTimestamp);
    }
    if (this.idle) this.markActive();
    this.output.collect(value, eventTimestamp);
    if (this.generator !== undefined) {
      this.sawRecordSinceCheck = true;
      this.generator.onEvent(value, eventTimestamp, this);
    }
  }

  /** One last periodic emit, as Flink does at the end of input, so the watermark covers the final records. */
  emitFinal(): void {
    this.stop();
    this.emitPeriodic();
  }

  stop(): void {
    this.stopped = true;
    this.cancelPeriodicEmit?.();
    this.cancelPeriodicEmit = undefined;
  }

  /** The latest watermark emitted (MIN_WATERMARK before any). */
  get currentWatermark(): number {
    return this.emittedWatermark;
  }

  get isIdle(): boolean {
    return this.idle;
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
    if (this.stopped) return;
    this.cancelPeriodicEmit = undefined;
    this.emitPeriodic();
    this.schedulePeriodicEmit();
  }

  /** One periodic emit: idle if the idleness timeout has passed without records, else the generator's. */
  emitPeriodic(): void {
    if (this.generator === undefined) return;
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
      timers.getCurrentProcessingTime() + this.ctx.config.autoWatermarkIntervalMs,
      this.onPeriodicTimer,
    );
  }

  private badTimestamp(timestamp: unknown): never {
    throw new RecordError(
      `The timestamp assigner of operator '${this.ctx.operatorName}' returned ${String(timestamp)} for a record; ` +
        'it must return the event time in milliseconds as a number.',
    );
  }
}
