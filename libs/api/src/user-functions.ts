/**
 * The forms a user function may take, and their normalisation into the one interface form the
 * runtime calls (OperatorSpec holds only that form). A plain function works wherever a one-method
 * interface is expected; an object (or class instance) with the method works too, and keeps its
 * `open`/`close`. Each `to…` checks the argument at declaration, so a wrong one fails on the client
 * with the call's name and the user's line, never inside a subtask.
 */
import type { Key } from '@weir/common';
import type {
  Collector,
  CoFlatMapFunction,
  CoMapFunction,
  FilterFunction,
  FilterLike,
  FlatMapFunction,
  FlatMapLike,
  JoinFunction,
  JoinLike,
  KeyedProcessFunction,
  MapFunction,
  MapLike,
  ProcessAllWindowLike,
  ProcessFunction,
  ProcessJoinFunction,
  ProcessJoinLike,
  ProcessWindowFunction,
  ProcessWindowLike,
  ReduceFunction,
  ReduceLike,
  WatermarkStrategy,
  Window,
} from '@weir/core';
import { declarationError } from './declaration-site';

/** A ProcessFunction, or its lambda form. */
export type ProcessLike<T, R> =
  ProcessFunction<T, R> | ((value: T, ctx: ProcessFunction.Context, out: Collector<R>) => void);

/** A KeyedProcessFunction, or its lambda form (which has no timers' `onTimer`). */
export type KeyedProcessLike<K extends Key, T, R> =
  KeyedProcessFunction<K, T, R> | ((value: T, ctx: KeyedProcessFunction.Context<K>, out: Collector<R>) => void);

/** @internal */
export function toMapFunction<T, R>(fn: MapLike<T, R>, call: string): MapFunction<T, R> {
  if (typeof fn === 'function') return { map: fn };
  return requireMethods(fn, ['map'], call, 'a function (value) => result');
}

/** @internal */
export function toFilterFunction<T>(fn: FilterLike<T>, call: string): FilterFunction<T> {
  if (typeof fn === 'function') return { filter: fn };
  return requireMethods(fn, ['filter'], call, 'a function (value) => boolean');
}

/** @internal */
export function toFlatMapFunction<T, R>(fn: FlatMapLike<T, R>, call: string): FlatMapFunction<T, R> {
  if (typeof fn === 'function') return new IterableFlatMapFunction(fn);
  return requireMethods(fn, ['flatMap'], call, 'a function (value) => iterable');
}

/** @internal */
export function toReduceFunction<T>(fn: ReduceLike<T>, call: string): ReduceFunction<T> {
  if (typeof fn === 'function') return { reduce: fn };
  return requireMethods(fn, ['reduce'], call, 'a function (a, b) => reduced');
}

/** @internal A function that has only an object form (an AggregateFunction, a CoProcessFunction…). */
export function checkFunctionObject<F>(fn: F, methods: readonly string[], call: string): F {
  return requireMethods(fn, methods, call, undefined);
}

/** @internal */
export function toProcessFunction<T, R>(fn: ProcessLike<T, R>, call: string): ProcessFunction<T, R> {
  if (typeof fn === 'function') return { processElement: fn };
  return requireMethods(fn, ['processElement'], call, 'a function (value, ctx, out) => void');
}

/** @internal */
export function toKeyedProcessFunction<K extends Key, T, R>(
  fn: KeyedProcessLike<K, T, R>,
  call: string,
): KeyedProcessFunction<K, T, R> {
  if (typeof fn === 'function') return { processElement: fn };
  return requireMethods(fn, ['processElement'], call, 'a function (value, ctx, out) => void');
}

/** @internal */
export function toProcessWindowFunction<IN, OUT, K extends Key, W extends Window>(
  fn: ProcessWindowLike<IN, OUT, K, W>,
  call: string,
): ProcessWindowFunction<IN, OUT, K, W> {
  if (typeof fn === 'function') return { process: fn };
  return requireMethods(fn, ['process'], call, 'a function (key, ctx, elements, out) => void');
}

/** @internal The all-window form takes no key: the window function of `windowAll` ignores the one it gets. */
export function toProcessAllWindowFunction<IN, OUT, W extends Window>(
  fn: ProcessAllWindowLike<IN, OUT, W>,
  call: string,
): ProcessWindowFunction<IN, OUT, never, W> {
  if (typeof fn !== 'function') {
    throw declarationError(call, `expects a function (ctx, elements, out) => void, not ${describeValue(fn)}.`);
  }
  return { process: (_key, ctx, elements, out) => fn(ctx, elements, out) };
}

/** @internal */
export function toProcessJoinFunction<I1, I2, O>(
  fn: ProcessJoinLike<I1, I2, O>,
  call: string,
): ProcessJoinFunction<I1, I2, O> {
  if (typeof fn === 'function') return new PairProcessJoinFunction(fn);
  return requireMethods(fn, ['processElement'], call, 'a function (left, right) => result');
}

/** @internal */
export function toJoinFunction<I1, I2, O>(fn: JoinLike<I1, I2, O>, call: string): JoinFunction<I1, I2, O> {
  if (typeof fn === 'function') return { join: fn };
  return requireMethods(fn, ['join'], call, 'a function (left, right) => result');
}

/** @internal `map(f1, f2)` or `map({ map1, map2 })`. */
export function toCoMapFunction<I1, I2, O>(
  first: CoMapFunction<I1, I2, O> | ((value: I1) => O),
  second: ((value: I2) => O) | undefined,
  call: string,
): CoMapFunction<I1, I2, O> {
  if (typeof first === 'function') {
    if (typeof second !== 'function') throw secondFunctionMissing(call, second);
    return { map1: first, map2: second };
  }
  return requireMethods(first, ['map1', 'map2'], call, 'two functions (f1, f2)');
}

/** @internal `flatMap(f1, f2)` with lambdas returning iterables, or `flatMap({ flatMap1, flatMap2 })`. */
export function toCoFlatMapFunction<I1, I2, O>(
  first: CoFlatMapFunction<I1, I2, O> | ((value: I1) => Iterable<O>),
  second: ((value: I2) => Iterable<O>) | undefined,
  call: string,
): CoFlatMapFunction<I1, I2, O> {
  if (typeof first === 'function') {
    if (typeof second !== 'function') throw secondFunctionMissing(call, second);
    return new IterableCoFlatMapFunction(first, second);
  }
  return requireMethods(first, ['flatMap1', 'flatMap2'], call, 'two functions (f1, f2)');
}

/** @internal */
export function checkKeySelector<T, K extends Key>(keySelector: (value: T) => K, call: string): (value: T) => K {
  if (typeof keySelector !== 'function') {
    throw declarationError(
      call,
      `the key selector must be a function (value) => key, not ${describeValue(keySelector)}.`,
    );
  }
  return keySelector;
}

/** @internal */
export function checkWatermarkStrategy(strategy: unknown, call: string): void {
  const s = strategy as Partial<WatermarkStrategy<unknown>> | null | undefined;
  if (typeof s !== 'object' || s === null || typeof s.createWatermarkGenerator !== 'function') {
    throw declarationError(
      call,
      'expects a WatermarkStrategy, such as WatermarkStrategy.forBoundedOutOfOrderness(ms)' +
        `.withTimestampAssigner(e => e.ts) or WatermarkStrategy.noWatermarks(), not ${describeValue(strategy)}.`,
    );
  }
}

/** @internal A value as an error message should show it. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return value.constructor === Object || value.constructor === undefined
        ? 'an object'
        : `an instance of ${value.constructor.name}`;
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'function':
      return 'a function';
    default:
      return `${typeof value} ${String(value)}`;
  }
}

/** The object form, once checked to have every method the runtime calls. */
function requireMethods<F>(fn: F, methods: readonly string[], call: string, lambdaForm: string | undefined): F {
  const missing = methods.filter(
    (m) => typeof fn !== 'object' || fn === null || typeof (fn as Record<string, unknown>)[m] !== 'function',
  );
  if (missing.length === 0) return fn;
  const objectForm = `an object with ${methods.map((m) => `${m}()`).join(', ')}`;
  const expected = lambdaForm === undefined ? objectForm : `${lambdaForm} or ${objectForm}`;
  const lacking =
    typeof fn === 'object' && fn !== null ? ` (it has no ${missing.map((m) => `${m}()`).join(', ')})` : '';
  throw declarationError(call, `expects ${expected}, not ${describeValue(fn)}${lacking}.`);
}

function secondFunctionMissing(call: string, second: unknown): Error {
  return declarationError(
    call,
    `given a function for the first input, it needs one for the second input too, not ${describeValue(second)}.`,
  );
}

/** Sends everything an iterable holds; arrays, the common case, by index. */
function emitAll<R>(results: Iterable<R>, out: Collector<R>): void {
  if (Array.isArray(results)) {
    const array = results as readonly R[];
    for (let i = 0; i < array.length; i++) out.collect(array[i]);
    return;
  }
  if (results === null || typeof results !== 'object' || typeof results[Symbol.iterator] !== 'function') {
    throw new TypeError(
      `A flatMap function must return an iterable (an array, a Set, a generator…), not ${describeValue(results)}.`,
    );
  }
  for (const result of results) out.collect(result);
}

class IterableFlatMapFunction<T, R> implements FlatMapFunction<T, R> {
  constructor(private readonly fn: (value: T) => Iterable<R>) {}

  flatMap(value: T, out: Collector<R>): void {
    emitAll(this.fn(value), out);
  }
}

class IterableCoFlatMapFunction<I1, I2, O> implements CoFlatMapFunction<I1, I2, O> {
  constructor(
    private readonly fn1: (value: I1) => Iterable<O>,
    private readonly fn2: (value: I2) => Iterable<O>,
  ) {}

  flatMap1(value: I1, out: Collector<O>): void {
    emitAll(this.fn1(value), out);
  }

  flatMap2(value: I2, out: Collector<O>): void {
    emitAll(this.fn2(value), out);
  }
}

class PairProcessJoinFunction<I1, I2, O> implements ProcessJoinFunction<I1, I2, O> {
  constructor(private readonly fn: (left: I1, right: I2) => O) {}

  processElement(left: I1, right: I2, _ctx: ProcessJoinFunction.Context, out: Collector<O>): void {
    out.collect(this.fn(left, right));
  }
}
