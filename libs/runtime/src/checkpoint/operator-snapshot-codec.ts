/*
 * Turns an operator's restored snapshot back into live state, and its operator state into an
 * OperatorSnapshot and back (see operator-snapshot.ts). Keyed state is written by KeyedStateWriter.
 */
import type { HeapKeyedStateBackend, HeapTimeServiceManager, KeyGroupEntries, KeyGroupTimers } from '@weir/state';
import type { OperatorState } from '../operators/operator-state';
import type { KeyedSnapshot, KeyGroupSnapshot, OperatorStateSnapshot } from './operator-snapshot';
import { decodeState, encodeState } from './state-codec';

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
