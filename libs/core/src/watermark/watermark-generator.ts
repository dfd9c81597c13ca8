/** Where a watermark generator sends its watermarks. */
export interface WatermarkOutput {
  emitWatermark(timestamp: number): void;
  /** The input will send nothing for now: downstream stops waiting for its watermark. */
  markIdle(): void;
  markActive(): void;
}

/**
 * Generates watermarks from the events it sees (`onEvent`) and/or periodically (`onPeriodicEmit`,
 * every auto-watermark interval). As in Flink, an event is emitted before any watermark its own
 * `onEvent` produces.
 */
export interface WatermarkGenerator<T> {
  onEvent(event: T, timestamp: number, output: WatermarkOutput): void;
  onPeriodicEmit(output: WatermarkOutput): void;
}

/** Watermark = highest timestamp seen − out-of-orderness − 1, emitted periodically. */
export class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
  private maxTimestamp: number;

  constructor(private readonly outOfOrdernessMillis: number) {
    if (!(outOfOrdernessMillis >= 0)) {
      throw new RangeError(`The out-of-orderness bound must be >= 0 ms, not ${outOfOrdernessMillis}.`);
    }
    // Before any event it emits −∞, which is no watermark at all (outputs pass only ones that advance).
    this.maxTimestamp = Number.NEGATIVE_INFINITY;
  }

  onEvent(_event: T, timestamp: number): void {
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    output.emitWatermark(this.maxTimestamp - this.outOfOrdernessMillis - 1);
  }
}

export class NoWatermarksGenerator<T> implements WatermarkGenerator<T> {
  onEvent(): void {}
  onPeriodicEmit(): void {}
}
