import type { Output } from '../operators/output';

/** One thing an operator emitted, in order. */
export type HarnessOutputEvent<T> =
  | { kind: 'record'; value: T; timestamp: number }
  | { kind: 'watermark'; watermark: number }
  | { kind: 'status'; idle: boolean };

export interface TimestampedValue<T> {
  value: T;
  timestamp: number;
}

/** An Output that keeps everything: the main output in order, side outputs per tag id. */
export class RecordingOutput<T> implements Output<T> {
  readonly events: HarnessOutputEvent<T>[] = [];
  readonly sideOutputs = new Map<string, TimestampedValue<unknown>[]>();

  collect(value: T, timestamp: number): void {
    this.events.push({ kind: 'record', value, timestamp });
  }

  collectSide(tagId: string, value: unknown, timestamp: number): void {
    let values = this.sideOutputs.get(tagId);
    if (values === undefined) {
      values = [];
      this.sideOutputs.set(tagId, values);
    }
    values.push({ value, timestamp });
  }

  emitWatermark(watermark: number): void {
    this.events.push({ kind: 'watermark', watermark });
  }

  emitWatermarkStatus(idle: boolean): void {
    this.events.push({ kind: 'status', idle });
  }

  clear(): void {
    this.events.length = 0;
    this.sideOutputs.clear();
  }
}
