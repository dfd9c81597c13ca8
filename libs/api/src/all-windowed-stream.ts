/**
 * AllWindowedStream<T, W>: `windowAll`, windows over a whole unkeyed stream, evaluated by a single
 * subtask. The same window operator as a keyed WindowedStream, without a key selector; its window
 * functions take no key.
 */
import type {
  AggregateFunction,
  Evictor,
  OutputTag,
  ProcessAllWindowLike,
  ReduceLike,
  Trigger,
  Window,
} from '@weir/core';
import type { DataStream } from './data-stream';
import type { NumericField } from './field-aggregation';
import { toProcessAllWindowFunction } from './user-functions';
import type { WindowedStream } from './windowed-stream';

export class AllWindowedStream<T, W extends Window> {
  /** @internal Made by `DataStream.windowAll`. */
  constructor(private readonly windowed: WindowedStream<T, never, W>) {}

  trigger(trigger: Trigger<T, W>): AllWindowedStream<T, W> {
    return new AllWindowedStream(this.windowed.trigger(trigger));
  }

  evictor(evictor: Evictor<T, W>): AllWindowedStream<T, W> {
    return new AllWindowedStream(this.windowed.evictor(evictor));
  }

  allowedLateness(latenessMs: number): AllWindowedStream<T, W> {
    return new AllWindowedStream(this.windowed.allowedLateness(latenessMs));
  }

  sideOutputLateData(tag: OutputTag<T>): AllWindowedStream<T, W> {
    return new AllWindowedStream(this.windowed.sideOutputLateData(tag));
  }

  reduce(fn: ReduceLike<T>): DataStream<T>;
  reduce<R>(fn: ReduceLike<T>, windowFn: ProcessAllWindowLike<T, R, W>): DataStream<R>;
  reduce<R>(fn: ReduceLike<T>, windowFn?: ProcessAllWindowLike<T, R, W>): DataStream<T> | DataStream<R> {
    if (windowFn === undefined) return this.windowed.reduce(fn);
    return this.windowed.reduce(fn, toProcessAllWindowFunction(windowFn, 'reduce()'));
  }

  aggregate<ACC, V>(fn: AggregateFunction<T, ACC, V>): DataStream<V>;
  aggregate<ACC, V, R>(fn: AggregateFunction<T, ACC, V>, windowFn: ProcessAllWindowLike<V, R, W>): DataStream<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFn?: ProcessAllWindowLike<V, R, W>,
  ): DataStream<V> | DataStream<R> {
    if (windowFn === undefined) return this.windowed.aggregate(fn);
    return this.windowed.aggregate(fn, toProcessAllWindowFunction(windowFn, 'aggregate()'));
  }

  /** Evaluates each window as a whole: `(ctx, elements, out) => …`, with `ctx.window`. */
  process<R>(fn: ProcessAllWindowLike<T, R, W>): DataStream<R> {
    return this.windowed.process(toProcessAllWindowFunction(fn, 'process()'));
  }

  sum(field: NumericField<T>): DataStream<T> {
    return this.windowed.sum(field);
  }

  min(field: NumericField<T>): DataStream<T> {
    return this.windowed.min(field);
  }

  max(field: NumericField<T>): DataStream<T> {
    return this.windowed.max(field);
  }

  minBy(field: NumericField<T>): DataStream<T> {
    return this.windowed.minBy(field);
  }

  maxBy(field: NumericField<T>): DataStream<T> {
    return this.windowed.maxBy(field);
  }

  count(): DataStream<number> {
    return this.windowed.count();
  }
}
