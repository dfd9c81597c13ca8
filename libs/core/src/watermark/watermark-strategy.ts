import { BoundedOutOfOrdernessWatermarks, NoWatermarksGenerator, type WatermarkGenerator } from './watermark-generator';

/** Extracts an event's timestamp; `previousTimestamp` is what the record carried before, if anything. */
export type TimestampAssigner<T> = (event: T, previousTimestamp: number | undefined) => number;

/**
 * How a stream gets event time: a timestamp assigner plus a watermark generator, and optionally an
 * idle timeout after which a silent input stops holding back the watermark. Immutable: each `with…`
 * returns a new strategy.
 */
export class WatermarkStrategy<T> {
  private constructor(
    readonly createWatermarkGenerator: () => WatermarkGenerator<T>,
    readonly timestampAssigner: TimestampAssigner<T> | undefined,
    readonly idleTimeoutMillis: number | undefined,
    /** False for noWatermarks(): the stream has no event time at all. */
    readonly generatesWatermarks: boolean,
  ) {}

  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMillis: number): WatermarkStrategy<T> {
    // Validate now, at the call site, not later inside a subtask.
    new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrdernessMillis);
    return new WatermarkStrategy<T>(
      () => new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrdernessMillis),
      undefined,
      undefined,
      true,
    );
  }

  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return WatermarkStrategy.forBoundedOutOfOrderness<T>(0);
  }

  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(() => new NoWatermarksGenerator<T>(), undefined, undefined, false);
  }

  static forGenerator<T>(createGenerator: () => WatermarkGenerator<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(createGenerator, undefined, undefined, true);
  }

  withTimestampAssigner(assigner: TimestampAssigner<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(
      this.createWatermarkGenerator,
      assigner,
      this.idleTimeoutMillis,
      this.generatesWatermarks,
    );
  }

  withIdleness(idleTimeoutMillis: number): WatermarkStrategy<T> {
    if (!(idleTimeoutMillis > 0)) {
      throw new RangeError(`The idle timeout must be a positive number of milliseconds, not ${idleTimeoutMillis}.`);
    }
    return new WatermarkStrategy<T>(
      this.createWatermarkGenerator,
      this.timestampAssigner,
      idleTimeoutMillis,
      this.generatesWatermarks,
    );
  }
}
