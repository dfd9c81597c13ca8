import { BeforeOrAfterEvictor, type TimestampedValue } from './evictor';
import { checkNonNegativeDuration } from './window-arguments';

/**
 * Keeps the elements of a window that are less than `windowSizeMs` older than its newest element
 * (by event timestamp): by default before the window function runs; with `doEvictAfter`, after it.
 * Elements without timestamps are all kept.
 */
export class TimeEvictor extends BeforeOrAfterEvictor<unknown> {
  static of(windowSizeMs: number, doEvictAfter = false): TimeEvictor {
    return new TimeEvictor(checkNonNegativeDuration(windowSizeMs, 'TimeEvictor.of', 'the window size'), doEvictAfter);
  }

  private constructor(
    readonly windowSizeMs: number,
    doEvictAfter: boolean,
  ) {
    super(doEvictAfter);
  }

  protected evict<E>(elements: TimestampedValue<E>[]): TimestampedValue<E>[] {
    // As Flink: a stream without timestamps has none on its first element either.
    if (elements.length === 0 || !Number.isFinite(elements[0].timestamp)) return elements;
    let newest = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < elements.length; i++) if (elements[i].timestamp > newest) newest = elements[i].timestamp;
    const cutoff = newest - this.windowSizeMs;
    return elements.filter((e) => e.timestamp > cutoff);
  }

  override toString(): string {
    return `TimeEvictor(${this.windowSizeMs})`;
  }
}
