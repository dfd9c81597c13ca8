import { AlignedTimeWindows } from './aligned-time-windows';
import { checkOffset, checkPositiveDuration } from './window-arguments';

/**
 * Event-time windows of a fixed size that do not overlap: each element falls into exactly one,
 * `[start, start + size)` with `start` a multiple of `size` (shifted by `offset`, e.g. to align
 * daily windows to a time zone: `of(Time.days(1), -Time.hours(8))`).
 */
export class TumblingEventTimeWindows extends AlignedTimeWindows {
  static of(size: number, offset = 0): TumblingEventTimeWindows {
    const where = 'TumblingEventTimeWindows.of';
    checkPositiveDuration(size, where, 'the size');
    return new TumblingEventTimeWindows(size, checkOffset(offset, size, where, 'the size'));
  }

  private constructor(size: number, offset: number) {
    super(size, size, offset, true);
  }

  override toString(): string {
    return `TumblingEventTimeWindows(${this.size})`;
  }
}
