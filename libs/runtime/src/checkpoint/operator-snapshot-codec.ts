/*
 * Turns an operator's live state into an OperatorSnapshot and back (see operator-snapshot.ts).
 * Keyed state and timers are encoded per key group at the barrier, synchronously: heap state is
 * updated in place (accumulators, lists), so a reference taken now would not be the state of now
 * by the time an upload reads it. Encoding is the copy; storing the bytes is asynchronous.
 */
import type { HeapKeyedStateBackend, HeapTimeServiceManager, KeyGroupEntries, KeyGroupTimers } from '@weir/state';
import type { OperatorState } from '../operators/operator-state';
import type { KeyedSnapshot, KeyGroupSnapshot, OperatorStateSnapshot } from './operator-snapshot';
import { decodeState, encodeState } from './state-codec';

export function snapshotKeyedState(
  backend: HeapKeyedStateBackend,
  timers: HeapTimeServiceManager | undefined,
): KeyedSnapshot {
  const groups: [number, Uint8Array][] = [];
  const range = backend.keyGroupRange;
  for (let keyGroup = range.startKeyGroup; keyGroup <= range.endKeyGroup; keyGroup++) {
    const state = backend.snapshotKeyGroup(keyGroup);
    const groupTimers = timers?.snapshotKeyGroup(keyGroup);
    if (state === undefined && groupTimers === undefined) continue;
    const snapshot: KeyGroupSnapshot = { state, timers: groupTimers };
    groups.push([keyGroup, encodeState(snapshot)]);
  }
  return { kinds: backend.stateKinds(), groups };
}

export function restoreKeyedState(
  keyed: KeyedSnapshot,
  backend: HeapKeyedStateBackend,
  timers: HeapTimeServiceManager | undefined,
): void {
  const entries: [number, KeyGroupEntries][] = [];
  const timerGroups: KeyGroupTimers[] = [];
  for (const [keyGroup, bytes] of keyed.groups) {
    const group = decodeState<KeyGroupSnapshot>(bytes);
    if (group.state !== undefined) entries.push([keyGroup, group.state]);
    if (group.timers !== undefined) timerGroups.push(group.timers);
  }
  backend.restore(keyed.kinds, entries);
  timers?.restore(timerGroups);
}

export function encodeOperatorState(state: OperatorState): OperatorStateSnapshot {
  const encodeLists = (lists: Record<string, unknown[]> | undefined) =>
    lists === undefined ? undefined : mapValues(lists, (list) => list.map(encodeState));
  return {
    lists: encodeLists(state.lists),
    unions: encodeLists(state.unions),
    broadcast: state.broadcast === undefined ? undefined : mapValues(state.broadcast, encodeState),
  };
}

export function decodeOperatorState(snapshot: OperatorStateSnapshot): OperatorState {
  const decodeLists = (lists: Readonly<Record<string, readonly Uint8Array[]>> | undefined) =>
    lists === undefined ? undefined : mapValues(lists, (list) => list.map((bytes) => decodeState(bytes)));
  return {
    lists: decodeLists(snapshot.lists),
    unions: decodeLists(snapshot.unions),
    broadcast: snapshot.broadcast === undefined ? undefined : mapValues(snapshot.broadcast, decodeState),
  };
}

function mapValues<A, B>(record: Readonly<Record<string, A>>, f: (a: A) => B): Record<string, B> {
  const out: Record<string, B> = {};
  for (const name of Object.keys(record)) out[name] = f(record[name]);
  return out;
}
