import { AlignedTimeWindows } from './aligned-time-windows';
import { checkOffset, checkPositiveDuration } from './window-arguments';

/** The processing-time twin of TumblingEventTimeWindows: windows by the subtask's wall clock. */
export class TumblingProcessingTimeWindows extends AlignedTimeWindows {
  static of(size: number, offset = 0): TumblingProcessingTimeWindows {
    const where = 'TumblingProcessingTimeWindows.of';
    checkPositiveDuration(size, where, 'the size');
    return new TumblingProcessingTimeWindows(size, checkOffset(offset, size, where, 'the size'));
  }

  private constructor(size: number, offset: number) {
    super(size, size, offset, false);
  }

  override toString(): string {
    return `TumblingProcessingTimeWindows(${this.size})`;
  }
}
