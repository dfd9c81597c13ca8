import { BoundedOutOfOrdernessWatermarks, NoWatermarksGenerator, type WatermarkGenerator } from './watermark-generator';

/** Extracts an event's timestamp; `previousTimestamp` is what the record carried before, if anything. */
export type TimestampAssigner<T> = (event: T, previousTimestamp: number | undefined) => number;

/**
 * Watermark alignment (Flink's FLIP-182): the source subtasks of one group keep their watermarks
 * within `maxAllowedDriftMs` of the group's lowest, pausing the ones ahead, so a fast source (or
 * split) does not run away from a slow one and fill windows and buffers downstream.
 */
export interface WatermarkAlignment {
  /** Sources with the same group name are aligned with each other, across the job. */
  readonly group: string;
  readonly maxAllowedDriftMs: number;
  /** How often each subtask reports its watermark and learns how far it may go. */
  readonly updateIntervalMs: number;
}

/**
 * How a stream gets event time: a timestamp assigner plus a watermark generator, and optionally an
 * idle timeout after which a silent input stops holding back the watermark, and, for a source,
 * watermark alignment. Immutable: each `with…` returns a new strategy.
 */
export class WatermarkStrategy<T> {
  private constructor(
    readonly createWatermarkGenerator: () => WatermarkGenerator<T>,
    readonly timestampAssigner: TimestampAssigner<T> | undefined,
    readonly idleTimeoutMillis: number | undefined,
    /** False for noWatermarks(): the stream has no event time at all. */
    readonly generatesWatermarks: boolean,
    readonly alignment: WatermarkAlignment | undefined = undefined,
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
      this.alignment,
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
      this.alignment,
    );
  }

  /**
   * Aligns this source's watermark with the other sources of `group` (see WatermarkAlignment): a
   * source subtask whose watermark is more than `maxAllowedDriftMs` ahead of the group's lowest
   * stops reading until the others catch up. Only sources take it (`fromSource`).
   */
  withWatermarkAlignment(group: string, maxAllowedDriftMs: number, updateIntervalMs = 1000): WatermarkStrategy<T> {
    if (typeof group !== 'string' || group === '') {
      throw new RangeError(`The watermark alignment group must be a non-empty string, not ${String(group)}.`);
    }
    if (!(maxAllowedDriftMs >= 0 && Number.isFinite(maxAllowedDriftMs))) {
      throw new RangeError(
        `The maximum allowed watermark drift must be a number of milliseconds from 0 up, not ${maxAllowedDriftMs}.`,
      );
    }
    if (!(updateIntervalMs > 0 && Number.isFinite(updateIntervalMs))) {
      throw new RangeError(
        `The watermark alignment update interval must be a positive number of milliseconds, not ${updateIntervalMs}.`,
      );
    }
    if (!this.generatesWatermarks) {
      throw new RangeError('noWatermarks() has no watermarks to align: give the source a strategy that makes them.');
    }
    return new WatermarkStrategy<T>(
      this.createWatermarkGenerator,
      this.timestampAssigner,
      this.idleTimeoutMillis,
      this.generatesWatermarks,
      { group, maxAllowedDriftMs, updateIntervalMs },
    );
  }
}
