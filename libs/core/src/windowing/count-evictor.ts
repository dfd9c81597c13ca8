import { BeforeOrAfterEvictor, type TimestampedValue } from './evictor';
import { checkCount } from './window-arguments';

/**
 * Keeps at most `maxCount` elements of a window, the most recent ones (in arrival order): by default
 * before the window function runs; with `doEvictAfter`, after it.
 */
export class CountEvictor extends BeforeOrAfterEvictor<unknown> {
  static of(maxCount: number, doEvictAfter = false): CountEvictor {
    return new CountEvictor(checkCount(maxCount, 'CountEvictor.of', 0), doEvictAfter);
  }

  private constructor(
    readonly maxCount: number,
    doEvictAfter: boolean,
  ) {
    super(doEvictAfter);
  }

  protected evict<E>(elements: TimestampedValue<E>[]): TimestampedValue<E>[] {
    if (elements.length > this.maxCount) elements.splice(0, elements.length - this.maxCount);
    return elements;
  }

  override toString(): string {
    return `CountEvictor(${this.maxCount})`;
  }
}
