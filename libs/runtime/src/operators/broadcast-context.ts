import { JobDefinitionError, type Key } from '@weir/common';
import type {
  BroadcastProcessFunction,
  KeyedBroadcastProcessFunction,
  MapStateDescriptor,
  ReadOnlyBroadcastState,
  StateDescriptor,
} from '@weir/core';
import { VOID_NAMESPACE } from '@weir/state';
import type { BroadcastStates, HeapBroadcastState } from './broadcast-state';
import { ElementContext, type ElementContextOptions } from './element-context';

/*
 * The contexts of the broadcast state pattern, keyed or not: the element side reads broadcast state
 * (and on a keyed stream has key and timers); the broadcast side writes it and can visit every key's
 * keyed state.
 */

/** The element side's context, also the OnTimerContext of a KeyedBroadcastProcessFunction. */
export class ReadOnlyBroadcastContext
  extends ElementContext
  implements BroadcastProcessFunction.ReadOnlyContext, KeyedBroadcastProcessFunction.OnTimerContext<Key>
{
  constructor(
    options: ElementContextOptions,
    private readonly states: BroadcastStates,
  ) {
    super(options);
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): ReadOnlyBroadcastState<K, V> {
    return this.states.get(descriptor).readOnly;
  }
}

/** The broadcast side's context. */
export class BroadcastContext
  extends ElementContext
  implements BroadcastProcessFunction.Context, KeyedBroadcastProcessFunction.Context<Key>
{
  constructor(
    options: ElementContextOptions,
    private readonly states: BroadcastStates,
  ) {
    super(options);
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): HeapBroadcastState<K, V> {
    return this.states.get(descriptor);
  }

  /** Visits every key with state under `descriptor`, with that key set as the current key. */
  applyToKeyedState<S>(descriptor: StateDescriptor, fn: (key: Key, state: S) => void): void {
    const backend = this.backend;
    if (backend === undefined) {
      throw new JobDefinitionError(
        `Operator '${this.operatorName}' called applyToKeyedState, which needs a keyed stream: ` +
          'call keyBy() before connect(...) and use a KeyedBroadcastProcessFunction.',
      );
    }
    const state = backend.getState(descriptor) as unknown as S;
    // getKeys is a snapshot, so fn may change or clear state as it goes.
    const keys = backend.getKeys(descriptor.name, VOID_NAMESPACE);
    for (let i = 0; i < keys.length; i++) {
      backend.setCurrentKey(keys[i]);
      fn(keys[i], state);
    }
  }
}
