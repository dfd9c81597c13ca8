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
