import { Evictor, type EvictorContext, type TimestampedValue } from './evictor';
import { checkCount } from './window-arguments';
import type { Window } from './window';

/**
 * Keeps at most `maxCount` elements of a window, the most recent ones (in arrival order): by default
 * before the window function runs; with `doEvictAfter`, after it.
 */
export class CountEvictor extends Evictor<unknown, Window> {
  static of(maxCount: number, doEvictAfter = false): CountEvictor {
    return new CountEvictor(checkCount(maxCount, 'CountEvictor.of', 0), doEvictAfter);
  }

  private constructor(
    readonly maxCount: number,
    readonly doEvictAfter: boolean,
  ) {
    super();
  }

  evictBefore<T>(elements: TimestampedValue<T>[], _window: Window, _ctx: EvictorContext): TimestampedValue<T>[] {
    return this.doEvictAfter ? elements : this.evict(elements);
  }

  evictAfter<T>(elements: TimestampedValue<T>[], _window: Window, _ctx: EvictorContext): TimestampedValue<T>[] {
    return this.doEvictAfter ? this.evict(elements) : elements;
  }

  private evict<T>(elements: TimestampedValue<T>[]): TimestampedValue<T>[] {
    if (elements.length > this.maxCount) elements.splice(0, elements.length - this.maxCount);
    return elements;
  }

  override toString(): string {
    return `CountEvictor(${this.maxCount})`;
  }
}
