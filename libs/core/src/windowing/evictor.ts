import type { Window } from './window';

export interface TimestampedValue<T> {
  value: T;
  timestamp: number;
}

export interface EvictorContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
}

/** Removes elements from a window's contents before and/or after its function is applied. */
export abstract class Evictor<T, W extends Window> {
  /** Returns the elements to keep (the input array may be filtered in place and returned). */
  abstract evictBefore(elements: TimestampedValue<T>[], window: W, ctx: EvictorContext): TimestampedValue<T>[];
  abstract evictAfter(elements: TimestampedValue<T>[], window: W, ctx: EvictorContext): TimestampedValue<T>[];
}

/**
 * An evictor with one rule, applied before the window function runs or, with `doEvictAfter`, after
 * it — the shape of all of Flink's built-in evictors.
 */
export abstract class BeforeOrAfterEvictor<T> extends Evictor<T, Window> {
  protected constructor(readonly doEvictAfter: boolean) {
    super();
  }

  evictBefore<E extends T>(
    elements: TimestampedValue<E>[],
    _window: Window,
    _ctx: EvictorContext,
  ): TimestampedValue<E>[] {
    return this.doEvictAfter ? elements : this.evict(elements);
  }

  evictAfter<E extends T>(
    elements: TimestampedValue<E>[],
    _window: Window,
    _ctx: EvictorContext,
  ): TimestampedValue<E>[] {
    return this.doEvictAfter ? this.evict(elements) : elements;
  }

  /** Returns the elements to keep (it may filter the array in place and return it). */
  protected abstract evict<E extends T>(elements: TimestampedValue<E>[]): TimestampedValue<E>[];
}
