/**
 * WindowedStream<T, K, W>: a keyed stream cut into windows, waiting for the function that
 * evaluates each window. `trigger`, `evictor`, `allowedLateness` and `sideOutputLateData` refine
 * the windows (each returns a new WindowedStream); `reduce`, `aggregate`, `process` and the field
 * aggregations declare the one 'window' operator.
 */
import type { Key } from '@weir/common';
import type {
  AggregateFunction,
  AnyKeySelector,
  Evictor,
  OutputTag,
  ProcessWindowFunction,
  ProcessWindowLike,
  ReduceLike,
  Trigger,
  Window,
  WindowFunctionSpec,
} from '@weir/core';
import type { DataStream } from './data-stream';
import { fieldAggregation, type FieldAggregationKind, type NumericField } from './field-aggregation';
import { checkFunctionObject, toProcessWindowFunction, toReduceFunction } from './user-functions';
import type { WindowSpec } from './window-spec';

const AGGREGATE_METHODS = ['createAccumulator', 'add', 'getResult', 'merge'];

/** Counts a window's elements: the aggregate behind `count()`. */
const COUNT: AggregateFunction<unknown, number, number> = {
  createAccumulator: () => 0,
  add: (_value, count) => count + 1,
  getResult: (count) => count,
  merge: (a, b) => a + b,
};

export class WindowedStream<T, K extends Key, W extends Window> {
  /** @internal Made by `KeyedStream.window` (and, with no key selector, by `DataStream.windowAll`). */
  constructor(
    private readonly input: DataStream<T>,
    private readonly keySelector: ((value: T) => K) | undefined,
    private readonly spec: WindowSpec<T, W>,
  ) {}

  /** Replaces the assigner's default trigger (which decides when a window is evaluated). */
  trigger(trigger: Trigger<T, W>): WindowedStream<T, K, W> {
    return this.with(this.spec.withTrigger(trigger));
  }

  /** Removes elements from a window before and/or after its function runs. */
  evictor(evictor: Evictor<T, W>): WindowedStream<T, K, W> {
    return this.with(this.spec.withEvictor(evictor));
  }

  /** Keeps event-time windows for `latenessMs` after the watermark passed their end: late elements fire them again. */
  allowedLateness(latenessMs: number): WindowedStream<T, K, W> {
    return this.with(this.spec.withAllowedLateness(latenessMs));
  }

  /** Sends elements too late for their windows to a side output instead of dropping them. */
  sideOutputLateData(tag: OutputTag<T>): WindowedStream<T, K, W> {
    return this.with(this.spec.withLateDataTag(tag));
  }

  /** Reduces each window incrementally; with `windowFn`, that sees the one reduced value and the window. */
  reduce(fn: ReduceLike<T>): DataStream<T>;
  reduce<R>(fn: ReduceLike<T>, windowFn: ProcessWindowLike<T, R, K, W>): DataStream<R>;
  reduce<R>(fn: ReduceLike<T>, windowFn?: ProcessWindowLike<T, R, K, W>): DataStream<T> | DataStream<R> {
    return this.declareWindowOperator<R>('reduce()', 'reduce', {
      kind: 'reduce',
      reduce: toReduceFunction(fn, 'reduce()'),
      process: this.optionalWindowFunction(windowFn, 'reduce()'),
    });
  }

  /** Aggregates each window incrementally; with `windowFn`, that sees the one result and the window. */
  aggregate<ACC, V>(fn: AggregateFunction<T, ACC, V>): DataStream<V>;
  aggregate<ACC, V, R>(fn: AggregateFunction<T, ACC, V>, windowFn: ProcessWindowLike<V, R, K, W>): DataStream<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFn?: ProcessWindowLike<V, R, K, W>,
  ): DataStream<V> | DataStream<R> {
    return this.declareWindowOperator<R>('aggregate()', 'aggregate', {
      kind: 'aggregate',
      aggregate: checkFunctionObject(fn, AGGREGATE_METHODS, 'aggregate()') as AggregateFunction<
        unknown,
        unknown,
        unknown
      >,
      process: this.optionalWindowFunction(windowFn, 'aggregate()'),
    });
  }

  /** Evaluates each window as a whole: all of its elements (kept until it fires), its key and the window. */
  process<R>(fn: ProcessWindowLike<T, R, K, W>): DataStream<R> {
    const process = toProcessWindowFunction(fn, 'process()');
    return this.declareWindowOperator<R>('process()', 'process', {
      kind: 'process',
      process: process as ProcessWindowFunction<unknown, unknown, Key, Window>,
    });
  }

  /** The sum of a numeric field per window; the other fields are those of the window's first element. */
  sum(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('sum', field);
  }

  /** The minimum of a field per window; the other fields are those of the window's first element. */
  min(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('min', field);
  }

  /** The maximum of a field per window; the other fields are those of the window's first element. */
  max(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('max', field);
  }

  /** Per window, the element with the smallest value in the field (the first of equal ones). */
  minBy(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('minBy', field);
  }

  /** Per window, the element with the largest value in the field (the first of equal ones). */
  maxBy(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('maxBy', field);
  }

  /** The number of elements in each window. */
  count(): DataStream<number> {
    return this.declareWindowOperator<number>('count()', 'count', { kind: 'aggregate', aggregate: COUNT });
  }

  /** @internal Declares the window operator with its function; `functionName` goes into its name. */
  declareWindowOperator<R>(call: string, functionName: string, windowFunction: WindowFunctionSpec): DataStream<R> {
    const operator = this.spec.toOperator(this.keySelector as AnyKeySelector | undefined, windowFunction);
    const name = this.spec.operatorName(functionName);
    return this.input.getExecutionEnvironment().addOperator<R>(call, operator, name, [this.input]);
  }

  private aggregateField(kind: FieldAggregationKind, field: NumericField<T>): DataStream<T> {
    const reduce = fieldAggregation<T>(kind, field);
    return this.declareWindowOperator<T>(`${kind}()`, kind, { kind: 'reduce', reduce });
  }

  private optionalWindowFunction<IN, R>(
    windowFn: ProcessWindowLike<IN, R, K, W> | undefined,
    call: string,
  ): ProcessWindowFunction<unknown, unknown, Key, Window> | undefined {
    if (windowFn === undefined) return undefined;
    return toProcessWindowFunction(windowFn, call) as ProcessWindowFunction<unknown, unknown, Key, Window>;
  }

  private with(spec: WindowSpec<T, W>): WindowedStream<T, K, W> {
    return new WindowedStream(this.input, this.keySelector, spec);
  }
}
