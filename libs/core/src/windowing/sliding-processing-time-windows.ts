import { AlignedTimeWindows } from './aligned-time-windows';
import { checkOffset, checkPositiveDuration } from './window-arguments';

/** The processing-time twin of SlidingEventTimeWindows: windows by the subtask's wall clock. */
export class SlidingProcessingTimeWindows extends AlignedTimeWindows {
  static of(size: number, slide: number, offset = 0): SlidingProcessingTimeWindows {
    const where = 'SlidingProcessingTimeWindows.of';
    checkPositiveDuration(size, where, 'the size');
    checkPositiveDuration(slide, where, 'the slide');
    return new SlidingProcessingTimeWindows(size, slide, checkOffset(offset, slide, where, 'the slide'));
  }

  private constructor(size: number, slide: number, offset: number) {
    super(size, slide, offset, false);
  }

  override toString(): string {
    return `SlidingProcessingTimeWindows(${this.size}, ${this.slide})`;
  }
}
