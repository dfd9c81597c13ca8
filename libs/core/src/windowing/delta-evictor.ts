import { JobDefinitionError } from '@weir/common';
import { Evictor, type EvictorContext, type TimestampedValue } from './evictor';
import type { Window } from './window';

/** The distance between two elements, for DeltaEvictor (Flink's DeltaFunction). */
export type DeltaFunction<T> = (oldElement: T, newElement: T) => number;

/**
 * Drops the elements of a window whose delta to the newest (last arrived) element is `threshold` or
 * more: by default before the window function runs; with `doEvictAfter`, after it.
 */
export class DeltaEvictor<T> extends Evictor<T, Window> {
  static of<T>(threshold: number, deltaFunction: DeltaFunction<T>, doEvictAfter = false): DeltaEvictor<T> {
    if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
      throw new JobDefinitionError(`DeltaEvictor.of: the threshold must be a number, not ${String(threshold)}.`);
    }
    if (typeof deltaFunction !== 'function') {
      throw new JobDefinitionError(
        'DeltaEvictor.of: the delta function must be a function (oldElement, newElement) => number.',
      );
    }
    return new DeltaEvictor(threshold, deltaFunction, doEvictAfter);
  }

  private constructor(
    readonly threshold: number,
    private readonly deltaFunction: DeltaFunction<T>,
    readonly doEvictAfter: boolean,
  ) {
    super();
  }

  evictBefore(elements: TimestampedValue<T>[], _window: Window, _ctx: EvictorContext): TimestampedValue<T>[] {
    return this.doEvictAfter ? elements : this.evict(elements);
  }

  evictAfter(elements: TimestampedValue<T>[], _window: Window, _ctx: EvictorContext): TimestampedValue<T>[] {
    return this.doEvictAfter ? this.evict(elements) : elements;
  }

  private evict(elements: TimestampedValue<T>[]): TimestampedValue<T>[] {
    if (elements.length === 0) return elements;
    const newest = elements[elements.length - 1].value;
    return elements.filter((e) => this.deltaFunction(e.value, newest) < this.threshold);
  }

  override toString(): string {
    return `DeltaEvictor(${this.threshold})`;
  }
}
