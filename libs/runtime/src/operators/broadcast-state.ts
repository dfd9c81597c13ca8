import { JobDefinitionError } from '@weir/common';
import type { BroadcastState, MapStateDescriptor, ReadOnlyBroadcastState } from '@weir/core';

/*
 * Broadcast state (the broadcast state pattern): per operator instance, one map per
 * MapStateDescriptor given to `broadcast(...)`. Every instance sees the same broadcast elements in
 * the same order, so as long as only the broadcast side writes, every instance holds the same maps.
 * The element side therefore gets a read-only view.
 */

/** One broadcast state: a plain map (keys compare as `Map` keys do, like MapState's). */
export class HeapBroadcastState<K, V> implements BroadcastState<K, V> {
  private readonly map = new Map<K, V>();
  /** The view the non-broadcast side gets. */
  readonly readOnly: ReadOnlyBroadcastState<K, V>;

  constructor(
    readonly name: string,
    operatorName: string,
  ) {
    this.readOnly = new ReadOnlyBroadcastStateView(this, operatorName);
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  contains(key: K): boolean {
    return this.map.has(key);
  }

  entries(): Iterable<[K, V]> {
    return this.map.entries();
  }

  keys(): Iterable<K> {
    return this.map.keys();
  }

  isEmpty(): boolean {
    return this.map.size === 0;
  }

  put(key: K, value: V): void {
    this.map.set(key, value);
  }

  putAll(entries: Iterable<readonly [K, V]>): void {
    for (const [key, value] of entries) this.map.set(key, value);
  }

  remove(key: K): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}

/**
 * What `getBroadcastState` returns on the element side. The write methods are there only to fail
 * clearly when plain JavaScript calls them: the types already leave them out.
 */
class ReadOnlyBroadcastStateView<K, V> implements ReadOnlyBroadcastState<K, V> {
  constructor(
    private readonly state: HeapBroadcastState<K, V>,
    private readonly operatorName: string,
  ) {}

  get(key: K): V | undefined {
    return this.state.get(key);
  }

  contains(key: K): boolean {
    return this.state.contains(key);
  }

  entries(): Iterable<[K, V]> {
    return this.state.entries();
  }

  keys(): Iterable<K> {
    return this.state.keys();
  }

  isEmpty(): boolean {
    return this.state.isEmpty();
  }

  put(): never {
    throw this.readOnlyError();
  }

  putAll(): never {
    throw this.readOnlyError();
  }

  remove(): never {
    throw this.readOnlyError();
  }

  clear(): never {
    throw this.readOnlyError();
  }

  private readOnlyError(): JobDefinitionError {
    return new JobDefinitionError(
      `Broadcast state '${this.state.name}' of operator '${this.operatorName}' is read-only in ` +
        'processElement: change it only in processBroadcastElement, so every parallel instance keeps the same state.',
    );
  }
}

/** The broadcast states of one operator instance, by descriptor name. */
export class BroadcastStates {
  private readonly states = new Map<string, HeapBroadcastState<unknown, unknown>>();

  constructor(
    descriptors: readonly MapStateDescriptor<unknown, unknown>[],
    private readonly operatorName: string,
  ) {
    for (const descriptor of descriptors) {
      this.states.set(descriptor.name, new HeapBroadcastState(descriptor.name, operatorName));
    }
  }

  /** Every state's entries by name, for a checkpoint: the same on every instance, so each writes its copy. */
  snapshot(): Record<string, [unknown, unknown][]> {
    const snapshot: Record<string, [unknown, unknown][]> = {};
    for (const [name, state] of this.states) snapshot[name] = [...state.entries()];
    return snapshot;
  }

  /** Takes back what `snapshot` wrote; a state the operator no longer declares is dropped. */
  restore(snapshot: Readonly<Record<string, unknown>>): void {
    for (const [name, state] of this.states) {
      const entries = snapshot[name] as [unknown, unknown][] | undefined;
      if (entries !== undefined) state.putAll(entries);
    }
  }

  get<K, V>(descriptor: MapStateDescriptor<K, V>): HeapBroadcastState<K, V> {
    const state = this.states.get(descriptor.name);
    if (state === undefined) {
      const declared = Array.from(this.states.keys(), (name) => `'${name}'`).join(', ') || 'none';
      throw new JobDefinitionError(
        `Operator '${this.operatorName}' asked for broadcast state '${descriptor.name}', which was not declared ` +
          `(declared: ${declared}). Pass its MapStateDescriptor to broadcast(...).`,
      );
    }
    return state as HeapBroadcastState<K, V>;
  }
}
