import { AlignedTimeWindows } from './aligned-time-windows';
import { checkOffset, checkPositiveDuration } from './window-arguments';

/**
 * Event-time windows of `size` that start every `slide`: with `slide < size` they overlap and an
 * element falls into `size / slide` of them; with `slide > size` (allowed, as in Flink) elements
 * between two windows fall into none.
 */
export class SlidingEventTimeWindows extends AlignedTimeWindows {
  static of(size: number, slide: number, offset = 0): SlidingEventTimeWindows {
    const where = 'SlidingEventTimeWindows.of';
    checkPositiveDuration(size, where, 'the size');
    checkPositiveDuration(slide, where, 'the slide');
    return new SlidingEventTimeWindows(size, slide, checkOffset(offset, slide, where, 'the slide'));
  }

  private constructor(size: number, slide: number, offset: number) {
    super(size, slide, offset, true);
  }

  override toString(): string {
    return `SlidingEventTimeWindows(${this.size}, ${this.slide})`;
  }
}
