import {
  assignToKeyGroup,
  checkMaxParallelism,
  ConfigError,
  JobDefinitionError,
  normalizeKey,
  denormalizeKey,
  RecordError,
  RuntimeFailure,
  type Key,
  type NormalizedKey,
  type KeyGroupRange,
} from '@weir/common';
import type {
  AggregatingStateDescriptor,
  AnyStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  StateDescriptor,
  ValueStateDescriptor,
} from '@weir/core';
import type {
  InternalAggregatingState,
  InternalKvState,
  InternalListState,
  InternalMapState,
  InternalReducingState,
  InternalValueState,
  KeyedStateBackend,
  Namespace,
} from '../keyed-state-backend';

import { HeapAggregatingState } from './heap-aggregating-state';
import { HeapKeyContext } from './heap-key-context';
import { HeapKeyedStateSnapshot, type KeyGroupEntries, type UnregisteredEntries } from './heap-keyed-state-snapshot';
import { HeapListState } from './heap-list-state';
import { HeapMapState } from './heap-map-state';
import { HeapReducingState } from './heap-reducing-state';
import { HeapValueState } from './heap-value-state';
import { StateTable } from './state-table';
import { StateTtl, type TtlValue } from './state-ttl';

// Bound once: a call through a package's re-exports goes through a getter that V8 does not inline,
// which more than doubled the cost of setCurrentKey on large state (measured, 1M keys).
const keyGroupOf = assignToKeyGroup;
const normalize = normalizeKey;

export interface HeapKeyedStateBackendOptions {
  /** The key groups this subtask owns; a key outside them is rejected. */
  keyGroupRange: KeyGroupRange;
  maxParallelism: number;
  /** Processing time for state TTL (default `Date.now`). */
  clock?: () => number;
  /** Names the owner (an operator) in errors about restored state. */
  owner?: string;
}

/** State restored from a snapshot, waiting for its state to be registered (kinds by state name). */
interface RestoredStates {
  readonly kinds: Readonly<Record<string, string>>;
  readonly groups: readonly (readonly [keyGroup: number, entries: KeyGroupEntries])[];
}

/** One registered state: what a snapshot of it needs (its descriptor and its per-key-group table). */
export interface RegisteredHeapState {
  readonly descriptor: StateDescriptor;
  readonly table: StateTable<unknown>;
  readonly state: InternalKvState;
}

/**
 * The default keyed state backend (DESIGN.md §7): every state of one operator in one subtask, in JS
 * maps per key group (see StateTable). Values are stored as they are, with no wrapper per entry
 * unless the state has a TTL. Not thread-safe by design: only the subtask's mailbox touches it.
 */
export class HeapKeyedStateBackend implements KeyedStateBackend {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  private readonly clock: () => number;
  private readonly currentKey = new HeapKeyContext();
  private readonly states = new Map<string, RegisteredHeapState>();
  private readonly owner: string;
  private restored: RestoredStates | undefined;

  constructor(options: HeapKeyedStateBackendOptions) {
    const { keyGroupRange, maxParallelism } = options;
    checkMaxParallelism(maxParallelism, 'the keyed state backend');
    if (
      !Number.isInteger(keyGroupRange.startKeyGroup) ||
      !Number.isInteger(keyGroupRange.endKeyGroup) ||
      keyGroupRange.startKeyGroup < 0 ||
      keyGroupRange.endKeyGroup >= maxParallelism ||
      keyGroupRange.startKeyGroup > keyGroupRange.endKeyGroup
    ) {
      throw new ConfigError(
        `The keyed state backend was given ${keyGroupRange}, which is not a non-empty range within the ` +
          `key groups 0..${maxParallelism - 1} of max parallelism ${maxParallelism}.`,
      );
    }
    this.keyGroupRange = keyGroupRange;
    this.maxParallelism = maxParallelism;
    this.clock = options.clock ?? Date.now;
    this.owner = options.owner ?? 'the keyed state backend';
  }

  setCurrentKey(key: Key): void {
    const keyGroup = keyGroupOf(key, this.maxParallelism);
    const offset = keyGroup - this.keyGroupRange.startKeyGroup;
    if (offset < 0 || keyGroup > this.keyGroupRange.endKeyGroup) this.throwKeyOutOfRange(key, keyGroup);
    const current = this.currentKey;
    current.key = key;
    current.normalizedKey = normalize(key);
    current.keyGroupIndex = keyGroup;
    current.keyGroupOffset = offset;
  }

  getCurrentKey(): Key {
    const key = this.currentKey.key;
    if (key === undefined) {
      throw new JobDefinitionError(
        'There is no current key: it is set only while a record or timer of a keyed stream is processed.',
      );
    }
    return key;
  }

  getCurrentKeyGroupIndex(): number {
    return this.currentKey.keyGroupIndex;
  }

  getValueState<T>(descriptor: ValueStateDescriptor<T>): InternalValueState<T> {
    const existing = this.existing(descriptor);
    if (existing !== undefined) return existing as InternalValueState<T>;
    const table = new StateTable<T | TtlValue<T>>(descriptor.name, this.keyGroupRange);
    return this.register(
      descriptor,
      table,
      new HeapValueState<T>(table, this.currentKey, this.ttlOf(descriptor), descriptor.defaultValue),
    );
  }

  getListState<T>(descriptor: ListStateDescriptor<T>): InternalListState<T> {
    const existing = this.existing(descriptor);
    if (existing !== undefined) return existing as InternalListState<T>;
    const table = new StateTable<(T | TtlValue<T>)[]>(descriptor.name, this.keyGroupRange);
    return this.register(descriptor, table, new HeapListState<T>(table, this.currentKey, this.ttlOf(descriptor)));
  }

  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): InternalMapState<UK, UV> {
    const existing = this.existing(descriptor);
    if (existing !== undefined) return existing as InternalMapState<UK, UV>;
    const table = new StateTable<Map<UK, UV | TtlValue<UV>>>(descriptor.name, this.keyGroupRange);
    return this.register(descriptor, table, new HeapMapState<UK, UV>(table, this.currentKey, this.ttlOf(descriptor)));
  }

  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): InternalReducingState<T> {
    const existing = this.existing(descriptor);
    if (existing !== undefined) return existing as InternalReducingState<T>;
    const table = new StateTable<T | TtlValue<T>>(descriptor.name, this.keyGroupRange);
    return this.register(
      descriptor,
      table,
      new HeapReducingState<T>(table, this.currentKey, this.ttlOf(descriptor), descriptor.reduce),
    );
  }

  getAggregatingState<IN, ACC, OUT>(
    descriptor: AggregatingStateDescriptor<IN, ACC, OUT>,
  ): InternalAggregatingState<IN, ACC, OUT> {
    const existing = this.existing(descriptor);
    if (existing !== undefined) return existing as InternalAggregatingState<IN, ACC, OUT>;
    const table = new StateTable<ACC | TtlValue<ACC>>(descriptor.name, this.keyGroupRange);
    return this.register(
      descriptor,
      table,
      new HeapAggregatingState<IN, ACC, OUT>(
        table,
        this.currentKey,
        this.ttlOf(descriptor),
        descriptor.aggregateFunction,
      ),
    );
  }

  getState(descriptor: StateDescriptor): InternalKvState {
    const d = descriptor as AnyStateDescriptor;
    switch (d.kind) {
      case 'value':
        return this.getValueState(d);
      case 'list':
        return this.getListState(d);
      case 'map':
        return this.getMapState(d);
      case 'reducing':
        return this.getReducingState(d);
      case 'aggregating':
        return this.getAggregatingState(d);
    }
  }

  getKeys(stateName: string, namespace: Namespace): Key[] {
    const registered = this.states.get(stateName);
    if (registered === undefined) return [];
    return registered.table.keys(namespace).map(denormalizeKey);
  }

  getKeysAndNamespaces(stateName: string): [Key, Namespace][] {
    const registered = this.states.get(stateName);
    if (registered === undefined) return [];
    const pairs: [Key, Namespace][] = [];
    const range = this.keyGroupRange;
    for (let keyGroup = range.startKeyGroup; keyGroup <= range.endKeyGroup; keyGroup++) {
      for (const [key, namespace] of registered.table.entriesOfKeyGroup(keyGroup))
        pairs.push([denormalizeKey(key), namespace]);
    }
    return pairs;
  }

  numEntries(stateName: string): number {
    return this.states.get(stateName)?.table.size() ?? 0;
  }

  /** Every registered state by name, for snapshots (which read each table key group by key group). */
  registeredStates(): ReadonlyMap<string, RegisteredHeapState> {
    return this.states;
  }

  /**
   * A copy-on-write snapshot of every state, for a checkpoint (see HeapKeyedStateSnapshot): taken
   * now at no cost proportional to the state, written out later in chunks. One at a time.
   */
  snapshot(): HeapKeyedStateSnapshot {
    const kinds: Record<string, string> = {};
    for (const [name, registered] of this.states) kinds[name] = registered.descriptor.kind;
    const unregistered: UnregisteredEntries[] = [];
    const restored = this.restored;
    if (restored !== undefined) {
      for (const name of Object.keys(restored.kinds)) {
        if (this.states.has(name)) continue;
        kinds[name] = restored.kinds[name];
        const byKeyGroup = new Map<number, unknown[]>();
        for (const [keyGroup, entries] of restored.groups) {
          const flat = entries[name];
          if (flat !== undefined) byKeyGroup.set(keyGroup, [...(byKeyGroup.get(keyGroup) ?? []), ...flat]);
        }
        unregistered.push({ name, byKeyGroup });
      }
    }
    const tables = Array.from(this.states.values(), ({ table }) => table.snapshot());
    const range = this.keyGroupRange;
    return new HeapKeyedStateSnapshot(kinds, range.startKeyGroup, range.numberOfKeyGroups, tables, unregistered);
  }

  /**
   * Takes restored key groups (of this backend's range). Each state gets its entries when the
   * operator registers it, which is also where a state whose kind changed is refused.
   */
  restore(kinds: Readonly<Record<string, string>>, groups: readonly (readonly [number, KeyGroupEntries])[]): void {
    for (const [keyGroup] of groups) {
      if (!this.keyGroupRange.contains(keyGroup)) {
        throw new RuntimeFailure(
          `${this.owner} was given key group ${keyGroup} to restore, outside its ${this.keyGroupRange}.`,
        );
      }
    }
    this.restored = { kinds, groups };
    for (const registered of this.states.values()) this.fillFromRestored(registered.descriptor, registered.table);
  }

  dispose(): void {
    for (const registered of this.states.values()) registered.table.clearAll();
    this.states.clear();
  }

  /** The state already registered under the descriptor's name, after checking it is of the same kind and TTL. */
  private existing(descriptor: StateDescriptor): InternalKvState | undefined {
    const registered = this.states.get(descriptor.name);
    if (registered === undefined) return undefined;
    const before = registered.descriptor;
    if (before.kind !== descriptor.kind) {
      throw new JobDefinitionError(
        `The state '${descriptor.name}' is requested as ${descriptor.kind} state but was registered as ` +
          `${before.kind} state. A state name stands for one state in an operator: rename one of them.`,
      );
    }
    if (!StateTtl.sameConfig(before.ttl, descriptor.ttl)) {
      throw new JobDefinitionError(
        `The state '${descriptor.name}' is requested with TTL ${describeTtl(descriptor)} but was registered ` +
          `with TTL ${describeTtl(before)}. Use one TTL configuration per state name.`,
      );
    }
    return registered.state;
  }

  private register<S extends InternalKvState>(descriptor: StateDescriptor, table: StateTable<unknown>, state: S): S {
    this.fillFromRestored(descriptor, table);
    this.states.set(descriptor.name, { descriptor, table, state });
    return state;
  }

  private fillFromRestored(descriptor: StateDescriptor, table: StateTable<unknown>): void {
    const restored = this.restored;
    const kind = restored?.kinds[descriptor.name];
    if (restored === undefined || kind === undefined) return;
    if (kind !== descriptor.kind) {
      throw new JobDefinitionError(
        `The state '${descriptor.name}' of ${this.owner} was saved as ${kind} state but is now declared as ` +
          `${descriptor.kind} state, which cannot read it. Keep its kind, or give the new state another name ` +
          '(and start without that state).',
      );
    }
    const start = this.keyGroupRange.startKeyGroup;
    for (const [keyGroup, entries] of restored.groups) {
      const flat = entries[descriptor.name];
      if (flat === undefined) continue;
      // Taken over by the table: a later snapshot finds them there, and the flat list can go.
      delete entries[descriptor.name];
      for (let i = 0; i < flat.length; i += 3) {
        table.put(keyGroup - start, flat[i] as NormalizedKey, flat[i + 1] as Namespace, flat[i + 2]);
      }
    }
  }

  private ttlOf(descriptor: StateDescriptor): StateTtl | undefined {
    return descriptor.ttl === undefined ? undefined : new StateTtl(descriptor.ttl, this.clock);
  }

  private throwKeyOutOfRange(key: Key, keyGroup: number): never {
    throw new RecordError(
      `The key ${describeKey(key)} belongs to key group ${keyGroup}, which is not in this subtask's ` +
        `${this.keyGroupRange} (max parallelism ${this.maxParallelism}): the record reached the wrong ` +
        'subtask. A key selector must return the same key for the same record every time (no random ' +
        'values, clocks or mutable fields in it).',
    );
  }
}

function describeTtl(descriptor: StateDescriptor): string {
  const ttl = descriptor.ttl;
  return ttl === undefined ? 'off' : `${ttl.ttl} ms (${ttl.updateType}, ${ttl.stateVisibility})`;
}

function describeKey(key: Key): string {
  switch (typeof key) {
    case 'string':
      return JSON.stringify(key);
    case 'bigint':
      return `${key}n`;
    case 'number':
    case 'boolean':
      return String(key);
    default:
      return `[${key.map(describeKey).join(', ')}]`;
  }
}
