import type { Key } from '@weir/common';
import type { Collector } from '../functions/collector';
import type { OutputTag } from '../functions/output-tag';
import type { RichFunction, RuntimeContext } from '../functions/runtime-context';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/state';
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/state-descriptor';
import type { TimeWindow, Window } from './window';

/** Keyed state seen from a window function: per window (`windowState`) or per key (`globalState`). */
export interface KeyedStateStore {
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
}

/**
 * Evaluates a whole window. After `reduce(fn, windowFn)` or `aggregate(aggFn, windowFn)`,
 * `elements` holds just the one pre-aggregated value, as in Flink.
 */
export abstract class ProcessWindowFunction<
  IN,
  OUT,
  KEY extends Key,
  W extends Window = TimeWindow,
> implements RichFunction {
  open?(ctx: RuntimeContext): void;
  close?(): void;
  abstract process(key: KEY, ctx: ProcessWindowFunction.Context<W>, elements: Iterable<IN>, out: Collector<OUT>): void;
  /** Called when the window is purged, to clean up `windowState`. */
  clear?(ctx: ProcessWindowFunction.Context<W>): void;
}
export declare namespace ProcessWindowFunction {
  interface Context<W extends Window = TimeWindow> {
    readonly window: W;
    currentWatermark(): number;
    currentProcessingTime(): number;
    windowState(): KeyedStateStore;
    globalState(): KeyedStateStore;
    output<X>(tag: OutputTag<X>, value: X): void;
  }
}

/** A ProcessWindowFunction or its lambda form. */
export type ProcessWindowLike<IN, OUT, KEY extends Key, W extends Window> =
  | ProcessWindowFunction<IN, OUT, KEY, W>
  | ((key: KEY, ctx: ProcessWindowFunction.Context<W>, elements: Iterable<IN>, out: Collector<OUT>) => void);

/** The all-window (non-keyed) twin, used by `windowAll`. */
export type ProcessAllWindowLike<IN, OUT, W extends Window> = (
  ctx: ProcessWindowFunction.Context<W>,
  elements: Iterable<IN>,
  out: Collector<OUT>,
) => void;
