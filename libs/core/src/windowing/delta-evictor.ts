import { JobDefinitionError } from '@weir/common';
import { BeforeOrAfterEvictor, type TimestampedValue } from './evictor';

/** The distance between two elements, for DeltaEvictor (Flink's DeltaFunction). */
export type DeltaFunction<T> = (oldElement: T, newElement: T) => number;

/**
 * Drops the elements of a window whose delta to the newest (last arrived) element is `threshold` or
 * more: by default before the window function runs; with `doEvictAfter`, after it.
 */
export class DeltaEvictor<T> extends BeforeOrAfterEvictor<T> {
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
    doEvictAfter: boolean,
  ) {
    super(doEvictAfter);
  }

  protected evict<E extends T>(elements: TimestampedValue<E>[]): TimestampedValue<E>[] {
    if (elements.length === 0) return elements;
    const newest = elements[elements.length - 1].value;
    return elements.filter((e) => this.deltaFunction(e.value, newest) < this.threshold);
  }

  override toString(): string {
    return `DeltaEvictor(${this.threshold})`;
  }
}
