/**
 * KeyedStream<T, K>: a DataStream partitioned by key (`keyBy`), on which operators get keyed
 * state and timers: rolling reductions and aggregations, keyed process functions, windows and
 * interval joins. Like Flink's, it is still a DataStream: `map` or `sinkTo` on it read it
 * hash-partitioned.
 */
import type { Key } from '@weir/common';
import {
  CountEvictor,
  CountTrigger,
  GlobalWindows,
  PurgingTrigger,
  type GlobalWindow,
  type OperatorSpec,
  type ReduceLike,
  type StreamGraph,
  type Window,
  type WindowAssigner,
} from '@weir/core';
import { DataStream } from './data-stream';
import { declarationError } from './declaration-site';
import { fieldAggregation, type FieldAggregationKind, type NumericField } from './field-aggregation';
import { IntervalJoin } from './interval-join';
import type { StreamExecutionEnvironment } from './stream-execution-environment';
import type { StreamInput } from './stream-input';
import { describeValue, toKeyedProcessFunction, toReduceFunction, type KeyedProcessLike } from './user-functions';
import { WindowedStream } from './windowed-stream';
import { WindowSpec } from './window-spec';

export class KeyedStream<T, K extends Key> extends DataStream<T> {
  /** @internal Made by `DataStream.keyBy`. */
  constructor(
    environment: StreamExecutionEnvironment,
    graph: StreamGraph,
    inputs: readonly StreamInput[],
    private readonly keySelector: (value: T) => K,
  ) {
    super(environment, graph, inputs, undefined);
  }

  getKeySelector(): (value: T) => K {
    return this.keySelector;
  }

  /** @internal */
  override keySelectorOf(): (value: T) => K {
    return this.keySelector;
  }

  /** A rolling reduction per key: emits the reduced value so far with every element. */
  reduce(fn: ReduceLike<T>): DataStream<T> {
    const operator: OperatorSpec = {
      kind: 'keyedReduce',
      fn: toReduceFunction(fn, 'reduce()'),
      keySelector: this.keySelector,
    };
    return this.transform<T>('reduce()', operator, 'Keyed Reduce');
  }

  /** The rolling sum of a numeric field per key; the other fields are those of the key's first element. */
  sum(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('sum', field);
  }

  /** The rolling minimum of a field per key; the other fields are those of the key's first element. */
  min(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('min', field);
  }

  /** The rolling maximum of a field per key; the other fields are those of the key's first element. */
  max(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('max', field);
  }

  /** Per key, the element with the smallest value in the field so far (the first of equal ones). */
  minBy(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('minBy', field);
  }

  /** Per key, the element with the largest value in the field so far (the first of equal ones). */
  maxBy(field: NumericField<T>): DataStream<T> {
    return this.aggregateField('maxBy', field);
  }

  /** A function with keyed state and timers, called for every element with its key in context. */
  override process<R>(fn: KeyedProcessLike<K, T, R>): DataStream<R> {
    const operator: OperatorSpec = {
      kind: 'keyedProcess',
      fn: toKeyedProcessFunction(fn, 'process()'),
      keySelector: this.keySelector,
    };
    return this.transform<R>('process()', operator, 'KeyedProcess');
  }

  /** Windows per key, e.g. `window(TumblingEventTimeWindows.of(Time.minutes(1)))`. */
  window<W extends Window>(assigner: WindowAssigner<T, W>): WindowedStream<T, K, W> {
    const spec = WindowSpec.of(assigner, 'window()');
    this.environment.inputsOf(this, 'window()');
    return new WindowedStream<T, K, W>(this, this.keySelector, spec);
  }

  /**
   * Windows of `size` elements per key: tumbling, or sliding by `slide` elements (each firing then
   * sees the last `size` elements). As Flink builds them: GlobalWindows with a count trigger.
   */
  countWindow(size: number, slide?: number): WindowedStream<T, K, GlobalWindow> {
    for (const [what, count] of [
      ['size', size],
      ['slide', slide],
    ] as const) {
      if (count !== undefined && (!Number.isSafeInteger(count) || count < 1)) {
        throw declarationError(
          'countWindow()',
          `the ${what} must be a whole number of elements, at least 1, not ${String(count)}.`,
        );
      }
    }
    const windows = this.window(GlobalWindows.create());
    if (slide === undefined) return windows.trigger(PurgingTrigger.of(CountTrigger.of(size)));
    return windows.evictor(CountEvictor.of(size)).trigger(CountTrigger.of(slide));
  }

  /**
   * Joins each element of this stream with the elements of `other` of the same key whose
   * timestamps lie in [t + lower, t + upper]: `intervalJoin(other).between(lower, upper).process(fn)`.
   */
  intervalJoin<T2>(other: KeyedStream<T2, K>): IntervalJoin<T, T2, K> {
    this.environment.inputsOf(other, 'intervalJoin()');
    if (!(other instanceof KeyedStream)) {
      throw declarationError(
        'intervalJoin()',
        `both sides of an interval join must be keyed: call keyBy(...) on the other stream, not ${describeValue(other)}.`,
      );
    }
    return new IntervalJoin(this, other);
  }

  private aggregateField(kind: FieldAggregationKind, field: NumericField<T>): DataStream<T> {
    const operator: OperatorSpec = {
      kind: 'keyedReduce',
      fn: fieldAggregation<T>(kind, field),
      keySelector: this.keySelector,
    };
    return this.transform<T>(`${kind}()`, operator, 'Keyed Aggregation');
  }
}
