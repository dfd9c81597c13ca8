import { NO_TIMESTAMP } from '../time-constants';
import type { OperatorSpec, SinkWriter } from '@weir/core';
import { StreamOperator } from './stream-operator';

type SinkSpec = Extract<OperatorSpec, { kind: 'sink' }>;

/** How often a sink's writer is flushed while records flow, so output shows up promptly. */
const FLUSH_INTERVAL_MS = 100;

/** The end of a chain: hands records to the Sink's writer, flushing it periodically and at the end. */
export class SinkOperator extends StreamOperator<never> {
  private writer!: SinkWriter<unknown>;
  private dirty = false;
  private asyncFailure: unknown;
  private cancelFlush: (() => void) | undefined;
  /** Records written so far, for progress and metrics. */
  recordsIn = 0;

  constructor(private readonly spec: SinkSpec) {
    super();
  }

  override open(): void {
    const ctx = this.ctx;
    this.writer = this.spec.sink.createWriter({
      subtaskIndex: ctx.subtaskIndex,
      parallelism: ctx.parallelism,
      taskName: ctx.operatorName,
      sendToClient: (values) => ctx.sendToClient(values),
    });
    this.scheduleFlush();
  }

  processElement(value: unknown, timestamp: number): void {
    if (this.asyncFailure !== undefined) throw this.asyncFailure;
    this.recordsIn++;
    this.dirty = true;
    this.writer.write(value, timestamp === NO_TIMESTAMP ? undefined : timestamp);
  }

  override async finish(): Promise<void> {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    await this.writer.flush(true);
    if (this.asyncFailure !== undefined) throw this.asyncFailure;
  }

  override async close(): Promise<void> {
    this.cancelFlush?.();
    await this.writer?.close();
  }

  private scheduleFlush(): void {
    const timers = this.ctx.processingTimeService;
    this.cancelFlush = timers.registerTimer(timers.getCurrentProcessingTime() + FLUSH_INTERVAL_MS, () => {
      if (this.dirty) {
        this.dirty = false;
        const flushed = this.writer.flush(false);
        // An asynchronous flush that fails fails the task at its next record (or at finish).
        if (flushed instanceof Promise) flushed.catch((error: unknown) => (this.asyncFailure ??= error));
      }
      this.scheduleFlush();
    });
  }
}
