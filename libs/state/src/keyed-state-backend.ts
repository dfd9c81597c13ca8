import type { Key, KeyGroupRange } from '@weir/common';
import type {
  AggregatingState,
  AggregatingStateDescriptor,
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  ReducingState,
  ReducingStateDescriptor,
  StateDescriptor,
  ValueState,
  ValueStateDescriptor,
} from '@weir/core';

/**
 * The namespace of a piece of keyed state: VOID_NAMESPACE for plain keyed state, a window's
 * `namespaceKey()` for window contents. Always a primitive so lookups need no allocation.
 */
export type Namespace = string | number;
export const VOID_NAMESPACE: Namespace = 0;

/** Keyed state as the runtime sees it: the user-facing interface plus namespace control. */
export interface InternalKvState {
  readonly name: string;
  setCurrentNamespace(namespace: Namespace): void;
  clear(): void;
  /** Removes the entry of every key in `namespace` at once: a window that fired for all its keys. */
  clearNamespace(namespace: Namespace): void;
}
export interface InternalValueState<T> extends ValueState<T>, InternalKvState {}
export interface InternalListState<T> extends ListState<T>, InternalKvState {
  /** Moves the lists of `sources` into `target` (session windows merging). */
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void;
}
export interface InternalMapState<UK, UV> extends MapState<UK, UV>, InternalKvState {}
export interface InternalReducingState<T> extends ReducingState<T>, InternalKvState {
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void;
}
export interface InternalAggregatingState<IN, ACC, OUT> extends AggregatingState<IN, OUT>, InternalKvState {
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void;
  /** The raw accumulator, for window functions that need it. */
  getAccumulator(): ACC | undefined;
  /** Merges in an accumulator folded elsewhere (a window pre-aggregation's), which the state then owns. */
  addAccumulator(accumulator: ACC): void;
}

/**
 * Keyed state of one operator in one subtask, stored per key group (DESIGN.md §4, §7). The operator
 * sets the current key before touching state; every state object reads and writes under that key.
 * Access is synchronous and allocation-free on the hot path.
 */
export interface KeyedStateBackend {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;

  /** Sets the key that state access and timer registration apply to. */
  setCurrentKey(key: Key): void;
  getCurrentKey(): Key;
  getCurrentKeyGroupIndex(): number;

  /** Creates the state on first call for a name, returns the same object after (kind and TTL checked). */
  getValueState<T>(descriptor: ValueStateDescriptor<T>): InternalValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): InternalListState<T>;
  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): InternalMapState<UK, UV>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): InternalReducingState<T>;
  getAggregatingState<IN, ACC, OUT>(
    descriptor: AggregatingStateDescriptor<IN, ACC, OUT>,
  ): InternalAggregatingState<IN, ACC, OUT>;
  /** Any kind, by the descriptor's kind. */
  getState(descriptor: StateDescriptor): InternalKvState;

  /** The keys that have a value for this state in this namespace (a snapshot: safe to modify state while iterating). */
  getKeys(stateName: string, namespace: Namespace): Key[];
  /** Every (key, namespace) with a value for this state, over all key groups (a copy, in key-group order). */
  getKeysAndNamespaces(stateName: string): [Key, Namespace][];
  /** Number of (key, namespace) entries of a state, for tests and metrics. */
  numEntries(stateName: string): number;

  dispose(): void;
}

/** The unscoped view of state: what `ValueState` etc. look like to a user function. */
export type UserState =
  | ValueState<unknown>
  | ListState<unknown>
  | MapState<unknown, unknown>
  | ReducingState<unknown>
  | AggregatingState<unknown, unknown>;
