/** Keyed state as a user function sees it: always scoped to the key of the element being processed. */
export interface State {
  clear(): void;
}

export interface ValueState<T> extends State {
  /** The value for the current key, or the descriptor's default value (undefined if none). */
  value(): T | undefined;
  update(value: T): void;
}

export interface ListState<T> extends State {
  get(): Iterable<T>;
  add(value: T): void;
  addAll(values: Iterable<T>): void;
  update(values: Iterable<T>): void;
}

export interface MapState<UK, UV> extends State {
  get(key: UK): UV | undefined;
  put(key: UK, value: UV): void;
  putAll(entries: Iterable<readonly [UK, UV]>): void;
  remove(key: UK): void;
  contains(key: UK): boolean;
  entries(): Iterable<[UK, UV]>;
  keys(): Iterable<UK>;
  values(): Iterable<UV>;
  isEmpty(): boolean;
}

/** State that folds every added value into one with a ReduceFunction. */
export interface ReducingState<T> extends State {
  get(): T | undefined;
  add(value: T): void;
}

/** State that folds added values into an accumulator with an AggregateFunction. */
export interface AggregatingState<IN, OUT> extends State {
  get(): OUT | undefined;
  add(value: IN): void;
}

/** Broadcast state: the same map on every parallel instance, written only from the broadcast side. */
export interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {
  put(key: K, value: V): void;
  putAll(entries: Iterable<readonly [K, V]>): void;
  remove(key: K): void;
  clear(): void;
}
export interface ReadOnlyBroadcastState<K, V> {
  get(key: K): V | undefined;
  contains(key: K): boolean;
  entries(): Iterable<[K, V]>;
  keys(): Iterable<K>;
  isEmpty(): boolean;
}
