import type { Key } from '@weir/common';
import type { Collector } from './collector';
import type { OutputTag } from './output-tag';
import type { RichFunction } from './runtime-context';
import type { TimeDomain, TimerService } from './timer-service';

/*
 * User functions. Each one-method interface also accepts a plain function (`map(x => x + 1)`);
 * an object or class instance with `open`/`close` works too, for functions that need set-up or state.
 */

export interface MapFunction<T, R> extends RichFunction {
  map(value: T): R;
}
export interface FilterFunction<T> extends RichFunction {
  filter(value: T): boolean;
}
export interface FlatMapFunction<T, R> extends RichFunction {
  flatMap(value: T, out: Collector<R>): void;
}
export interface ReduceFunction<T> extends RichFunction {
  reduce(a: T, b: T): T;
}
/**
 * A reduce that can also fold into an accumulator it owns, changing it instead of copying it per
 * element. An operator whose partial results nobody else sees (a batch-mode combiner) uses it.
 */
export interface InPlaceReduceFunction<T> extends ReduceFunction<T> {
  /** A private copy of the first element, safe to change. */
  copyForAccumulator(first: T): T;
  /** Folds `value` into `accumulator`, changing it, and returns it. */
  reduceInPlace(accumulator: T, value: T): T;
  /** Set when the reduce folds nothing but one number of the elements (sum, min, max of a field). */
  readonly numberFold?: NumberFold<T>;
}

/**
 * A reduce whose result is its first element with one number changed: a combiner can fold that
 * number per key in an array of numbers, without touching an accumulator object per element (a
 * cache miss each on a large key set), and write it into its copy of the first element at the end.
 */
export interface NumberFold<T> {
  /** The number `value` contributes; throws as `reduce` would for an element without one. */
  readNumber(value: T): number;
  /** The accumulated number with `value`'s folded in. */
  foldNumber(accumulated: number, value: number): number;
  /** Writes the accumulated number into `accumulator` (a `copyForAccumulator` copy) and returns it. */
  writeNumber(accumulator: T, accumulated: number): T;
}

export function isInPlaceReduce<T>(fn: ReduceFunction<T>): fn is InPlaceReduceFunction<T> {
  const candidate = fn as Partial<InPlaceReduceFunction<T>>;
  return typeof candidate.copyForAccumulator === 'function' && typeof candidate.reduceInPlace === 'function';
}

export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC;
  add(value: IN, accumulator: ACC): ACC;
  getResult(accumulator: ACC): OUT;
  /**
   * The two accumulators as one. As in Flink, it may fold one into the other and return that one:
   * the runtime uses neither afterwards (a checkpoint in progress keeps its own copy).
   */
  merge(a: ACC, b: ACC): ACC;
}
export interface KeySelector<T, K extends Key> {
  (value: T): K;
}

export type MapLike<T, R> = MapFunction<T, R> | ((value: T) => R);
export type FilterLike<T> = FilterFunction<T> | ((value: T) => boolean);
/** A flatMap lambda returns an iterable (an array, a generator); the interface form gets a collector. */
export type FlatMapLike<T, R> = FlatMapFunction<T, R> | ((value: T) => Iterable<R>);
export type ReduceLike<T> = ReduceFunction<T> | ((a: T, b: T) => T);

/** The context every process-style function gets with an element. */
export interface BaseContext {
  /** The element's event timestamp, or undefined when it has none. */
  timestamp(): number | undefined;
  output<X>(tag: OutputTag<X>, value: X): void;
}

export abstract class ProcessFunction<I, O> implements RichFunction {
  open?(ctx: import('./runtime-context').RuntimeContext): void;
  close?(): void;
  abstract processElement(value: I, ctx: ProcessFunction.Context, out: Collector<O>): void;
}
export declare namespace ProcessFunction {
  interface Context extends BaseContext {
    timerService(): Pick<TimerService, 'currentProcessingTime' | 'currentWatermark'>;
  }
}

export abstract class KeyedProcessFunction<K extends Key, I, O> implements RichFunction {
  open?(ctx: import('./runtime-context').RuntimeContext): void;
  close?(): void;
  abstract processElement(value: I, ctx: KeyedProcessFunction.Context<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: KeyedProcessFunction.OnTimerContext<K>, out: Collector<O>): void;
}
export declare namespace KeyedProcessFunction {
  interface Context<K extends Key = Key> extends BaseContext {
    timerService(): TimerService;
    getCurrentKey(): K;
  }
  interface OnTimerContext<K extends Key = Key> extends Context<K> {
    timeDomain(): TimeDomain;
  }
}

export interface CoMapFunction<I1, I2, O> extends RichFunction {
  map1(value: I1): O;
  map2(value: I2): O;
}
export interface CoFlatMapFunction<I1, I2, O> extends RichFunction {
  flatMap1(value: I1, out: Collector<O>): void;
  flatMap2(value: I2, out: Collector<O>): void;
}

export abstract class CoProcessFunction<I1, I2, O> implements RichFunction {
  open?(ctx: import('./runtime-context').RuntimeContext): void;
  close?(): void;
  abstract processElement1(value: I1, ctx: CoProcessFunction.Context, out: Collector<O>): void;
  abstract processElement2(value: I2, ctx: CoProcessFunction.Context, out: Collector<O>): void;
}
export declare namespace CoProcessFunction {
  interface Context extends BaseContext {
    timerService(): Pick<TimerService, 'currentProcessingTime' | 'currentWatermark'>;
  }
}

export abstract class KeyedCoProcessFunction<K extends Key, I1, I2, O> implements RichFunction {
  open?(ctx: import('./runtime-context').RuntimeContext): void;
  close?(): void;
  abstract processElement1(value: I1, ctx: KeyedCoProcessFunction.Context<K>, out: Collector<O>): void;
  abstract processElement2(value: I2, ctx: KeyedCoProcessFunction.Context<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: KeyedCoProcessFunction.OnTimerContext<K>, out: Collector<O>): void;
}
export declare namespace KeyedCoProcessFunction {
  interface Context<K extends Key = Key> extends BaseContext {
    timerService(): TimerService;
    getCurrentKey(): K;
  }
  interface OnTimerContext<K extends Key = Key> extends Context<K> {
    timeDomain(): TimeDomain;
  }
}

/** The function of an interval join: both elements of a matching pair, with their timestamps. */
export abstract class ProcessJoinFunction<I1, I2, O> implements RichFunction {
  open?(ctx: import('./runtime-context').RuntimeContext): void;
  close?(): void;
  abstract processElement(left: I1, right: I2, ctx: ProcessJoinFunction.Context, out: Collector<O>): void;
}
export declare namespace ProcessJoinFunction {
  interface Context {
    getLeftTimestamp(): number;
    getRightTimestamp(): number;
    /** The larger of the two timestamps: the timestamp the result carries. */
    getTimestamp(): number;
    output<X>(tag: OutputTag<X>, value: X): void;
  }
}
export type ProcessJoinLike<I1, I2, O> = ProcessJoinFunction<I1, I2, O> | ((left: I1, right: I2) => O);

/** The function of a window join: one call per matching pair in a window. */
export interface JoinFunction<I1, I2, O> {
  join(left: I1, right: I2): O;
}
export type JoinLike<I1, I2, O> = JoinFunction<I1, I2, O> | ((left: I1, right: I2) => O);

/** The broadcast state pattern, non-keyed: the broadcast side writes state every instance reads. */
export abstract class BroadcastProcessFunction<IN1, IN2, O> implements RichFunction {
  open?(ctx: import('./runtime-context').RuntimeContext): void;
  close?(): void;
  abstract processElement(value: IN1, ctx: BroadcastProcessFunction.ReadOnlyContext, out: Collector<O>): void;
  abstract processBroadcastElement(value: IN2, ctx: BroadcastProcessFunction.Context, out: Collector<O>): void;
}
export declare namespace BroadcastProcessFunction {
  interface ReadOnlyContext extends BaseContext {
    getBroadcastState<K, V>(
      descriptor: import('../state').MapStateDescriptor<K, V>,
    ): import('../state').ReadOnlyBroadcastState<K, V>;
    currentProcessingTime(): number;
    currentWatermark(): number;
  }
  interface Context extends BaseContext {
    getBroadcastState<K, V>(
      descriptor: import('../state').MapStateDescriptor<K, V>,
    ): import('../state').BroadcastState<K, V>;
    currentProcessingTime(): number;
    currentWatermark(): number;
  }
}

/** The broadcast state pattern on a keyed stream: keyed state and timers on the non-broadcast side. */
export abstract class KeyedBroadcastProcessFunction<K extends Key, IN1, IN2, O> implements RichFunction {
  open?(ctx: import('./runtime-context').RuntimeContext): void;
  close?(): void;
  abstract processElement(value: IN1, ctx: KeyedBroadcastProcessFunction.ReadOnlyContext<K>, out: Collector<O>): void;
  abstract processBroadcastElement(value: IN2, ctx: KeyedBroadcastProcessFunction.Context<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: KeyedBroadcastProcessFunction.OnTimerContext<K>, out: Collector<O>): void;
}
export declare namespace KeyedBroadcastProcessFunction {
  interface ReadOnlyContext<K extends Key = Key> extends BaseContext {
    getBroadcastState<UK, UV>(
      descriptor: import('../state').MapStateDescriptor<UK, UV>,
    ): import('../state').ReadOnlyBroadcastState<UK, UV>;
    timerService(): TimerService;
    getCurrentKey(): K;
  }
  interface Context<K extends Key = Key> extends BaseContext {
    getBroadcastState<UK, UV>(
      descriptor: import('../state').MapStateDescriptor<UK, UV>,
    ): import('../state').BroadcastState<UK, UV>;
    currentProcessingTime(): number;
    currentWatermark(): number;
    /** Runs `fn` for every key this instance has state for under `descriptor`, with that key's state. */
    applyToKeyedState<S>(descriptor: import('../state').StateDescriptor, fn: (key: K, state: S) => void): void;
  }
  interface OnTimerContext<K extends Key = Key> extends ReadOnlyContext<K> {
    timeDomain(): TimeDomain;
  }
}
