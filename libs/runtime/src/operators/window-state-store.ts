import type {
  AggregatingState,
  AggregatingStateDescriptor,
  KeyedStateStore,
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  ReducingState,
  ReducingStateDescriptor,
  ValueState,
  ValueStateDescriptor,
} from '@weir/core';
import type { InternalKvState, KeyedStateBackend, Namespace } from '@weir/state';

/**
 * Keyed state of the current key in one namespace: a window's (`ProcessWindowFunction.Context
 * .windowState()`) or VOID_NAMESPACE (`globalState()`). The backend returns one object per state
 * name, so every access points it at this store's namespace before handing it out, as Flink does.
 */
export class WindowStateStore implements KeyedStateStore {
  constructor(
    private readonly backend: KeyedStateBackend,
    /** The namespace state is read and written in; the window store's changes with the window. */
    public namespace: Namespace,
  ) {}

  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.scoped(this.backend.getValueState(descriptor));
  }

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.scoped(this.backend.getListState(descriptor));
  }

  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV> {
    return this.scoped(this.backend.getMapState(descriptor));
  }

  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.scoped(this.backend.getReducingState(descriptor));
  }

  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT> {
    return this.scoped(this.backend.getAggregatingState(descriptor));
  }

  private scoped<S extends InternalKvState>(state: S): S {
    state.setCurrentNamespace(this.namespace);
    return state;
  }
}
