import { NO_TIMESTAMP } from '../time-constants';
import type { Collector } from '@weir/core';
import type { Output } from './output';

/**
 * The Collector a user function emits into (Flink's TimestampedCollector): one per operator, its
 * timestamp set by the operator before each call (the record's, a timer's, or none), so emitting
 * allocates nothing.
 */
export class TimestampedCollector<T> implements Collector<T> {
  /** The timestamp results get; NO_TIMESTAMP when they have none. */
  timestamp = NO_TIMESTAMP;

  constructor(private readonly output: Output<T>) {}

  collect(value: T): void {
    this.output.collect(value, this.timestamp);
  }
}
