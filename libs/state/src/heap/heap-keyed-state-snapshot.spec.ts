import { assignToKeyGroup, KeyGroupRange, type NormalizedKey } from '@weir/common';
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ValueStateDescriptor,
  type AggregateFunction,
} from '@weir/core';
import { VOID_NAMESPACE, type Namespace } from '../keyed-state-backend';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend';
import type { HeapKeyedStateSnapshot } from './heap-keyed-state-snapshot';

const MAX = 16;
const NAMESPACES: Namespace[] = [VOID_NAMESPACE, 'w1', 'w2', 7];

interface Item {
  n: number;
  tags: string[];
}
interface Acc {
  sum: number;
  seen: number[];
}
const averaging: AggregateFunction<number, Acc, number> = {
  createAccumulator: () => ({ sum: 0, seen: [] }),
  // In place, as many accumulators are written.
  add: (value, acc) => {
    acc.sum += value;
    acc.seen.push(value);
    return acc;
  },
  getResult: (acc) => acc.sum / acc.seen.length,
  // In place too, as AggregateFunction.merge may.
  merge: (a, b) => {
    a.sum += b.sum;
    a.seen.push(...b.seen);
    return a;
  },
};

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A job's worth of keyed state, each kind changed in every way a user function can. */
function stateUnderTest(range: KeyGroupRange, clock: () => number) {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: range, maxParallelism: MAX, clock });
  const items = backend.getValueState(new ValueStateDescriptor<Item>('items'));
  const counts = backend.getValueState(
    new ValueStateDescriptor<number>('counts', { ttl: { ttl: 50, updateType: 'onReadAndWrite' } }),
  );
  const lists = backend.getListState(new ListStateDescriptor<Item>('lists'));
  const maps = backend.getMapState(new MapStateDescriptor<string, Item>('maps'));
  const averages = backend.getAggregatingState(new AggregatingStateDescriptor('averages', averaging));
  const all = [items, counts, lists, maps, averages];
  const keys: string[] = [];
  for (let i = 0; keys.length < 60; i++) if (range.contains(assignToKeyGroup(`key-${i}`, MAX))) keys.push(`key-${i}`);

  const mutate = (next: () => number): void => {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    backend.setCurrentKey(pick(keys));
    const namespace = pick(NAMESPACES);
    for (const state of all) state.setCurrentNamespace(namespace);
    const n = Math.floor(next() * 1000);
    const someOtherNamespaces = () => NAMESPACES.filter((ns) => ns !== namespace && next() < 0.5);
    switch (Math.floor(next() * 16)) {
      case 0: {
        const item = items.value();
        if (item !== undefined) {
          item.n++;
          item.tags.push(`t${n}`);
        } else items.update({ n, tags: [] });
        break;
      }
      case 1:
        items.update({ n, tags: [`x${n}`] });
        break;
      case 2:
        items.clear();
        break;
      case 3:
        counts.update((counts.value() ?? 0) + 1);
        break;
      case 4:
        counts.clear();
        break;
      case 5:
        lists.add({ n, tags: [] });
        break;
      case 6:
        for (const item of lists.get()) item.n += 1;
        break;
      case 7:
        lists.update(n % 3 === 0 ? [] : [{ n, tags: ['u'] }]);
        break;
      case 8:
        lists.mergeNamespaces(namespace, someOtherNamespaces());
        break;
      case 9:
        maps.put(`m${n % 5}`, { n, tags: [] });
        break;
      case 10: {
        const item = maps.get(`m${n % 5}`);
        if (item !== undefined) item.tags.push('changed');
        break;
      }
      case 11:
        maps.remove(`m${n % 5}`);
        break;
      case 12:
        averages.add(n);
        break;
      case 13:
        averages.addAccumulator({ sum: n, seen: [n] });
        break;
      case 14:
        averages.mergeNamespaces(namespace, someOtherNamespaces());
        break;
      default:
        averages.clear();
    }
  };
  return { backend, mutate };
}

/** Every entry of every state, as comparable lines: key group, key, namespace and the value's bytes. */
function contentsOf(backend: HeapKeyedStateBackend): string[] {
  const lines: string[] = [];
  const range = backend.keyGroupRange;
  for (const [name, { table }] of backend.registeredStates()) {
    for (let keyGroup = range.startKeyGroup; keyGroup <= range.endKeyGroup; keyGroup++) {
      for (const [key, namespace, value] of table.entriesOfKeyGroup(keyGroup)) {
        lines.push(line(name, keyGroup, key, namespace, value));
      }
    }
  }
  return lines.sort();
}

function line(name: string, keyGroup: number, key: NormalizedKey, namespace: Namespace, value: unknown): string {
  return `${name} ${keyGroup} ${String(key)} ${String(namespace)} ${show(value)}`;
}

/** A value written out with what tells it apart: its class, Map entries in order, elements. */
function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(',')}]`;
  if (value instanceof Map) return `Map{${Array.from(value, ([k, v]) => `${show(k)}:${show(v)}`).join(',')}}`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? String(value);
  const fields = Object.entries(value).map(([k, v]) => `${k}:${show(v)}`);
  return `${value.constructor.name}{${fields.join(',')}}`;
}

/**
 * Takes a snapshot's chunks of at most `limit` entries, each turned into lines at once (as a writer
 * encodes them), calling `between` before each chunk. An entry may come twice, with the same value
 * (see StateTableSnapshot): the lines have it once, and a second one with another value fails.
 */
function drain(snapshot: HeapKeyedStateSnapshot, limit: () => number, between: () => void): string[] {
  const lines = new Map<string, string>();
  for (;;) {
    between();
    const chunk = snapshot.next(limit());
    if (chunk === undefined) break;
    for (const [name, flat] of Object.entries(chunk.entries)) {
      for (let i = 0; i < flat.length; i += 3) {
        const [key, namespace] = [flat[i] as NormalizedKey, flat[i + 1] as Namespace];
        const entry = line(name, chunk.keyGroup, key, namespace, flat[i + 2]);
        const id = `${name} ${chunk.keyGroup} ${String(key)} ${String(namespace)}`;
        const before = lines.get(id);
        if (before !== undefined && before !== entry)
          throw new Error(`written twice, differently: ${before} / ${entry}`);
        lines.set(id, entry);
      }
    }
  }
  return [...lines.values()].sort();
}

describe('HeapKeyedStateSnapshot (copy-on-write)', () => {
  it.each([1, 2, 3])(
    'writes exactly the state at the barrier while every kind of state is changed between its chunks (seed %i)',
    (seed) => {
      const next = random(seed);
      let now = 0;
      const range = new KeyGroupRange(3, 12);
      const { backend, mutate } = stateUnderTest(range, () => now);
      for (let i = 0; i < 3000; i++) mutate(next);

      for (let round = 0; round < 3; round++) {
        now += 10;
        const atBarrier = contentsOf(backend);
        const snapshot = backend.snapshot();
        const written = drain(
          snapshot,
          () => 1 + Math.floor(next() * 4),
          () => {
            now += 1;
            for (let i = 0; i < 20; i++) mutate(next);
          },
        );
        expect(snapshot.done).toBe(true);
        expect(written.length).toBeGreaterThan(100);
        expect(written).toEqual(atBarrier);
      }
    },
  );

  it('costs the live state nothing: what processing sees is the same with or without a snapshot in flight', () => {
    const range = new KeyGroupRange(0, MAX - 1);
    const withSnapshot = stateUnderTest(range, () => 0);
    const without = stateUnderTest(range, () => 0);
    const a = random(9);
    const b = random(9);
    for (let i = 0; i < 2000; i++) {
      withSnapshot.mutate(a);
      without.mutate(b);
    }
    const snapshot = withSnapshot.backend.snapshot();
    drain(
      snapshot,
      () => 2,
      () => {
        for (let i = 0; i < 10; i++) {
          withSnapshot.mutate(a);
          without.mutate(b);
        }
      },
    );
    expect(contentsOf(withSnapshot.backend)).toEqual(contentsOf(without.backend));
  });

  it('takes restored state not yet registered, and a closed snapshot lets the next one be taken', () => {
    const range = new KeyGroupRange(0, MAX - 1);
    const { backend, mutate } = stateUnderTest(range, () => 0);
    const next = random(4);
    for (let i = 0; i < 500; i++) mutate(next);
    const first = backend.snapshot();
    first.next(5);
    expect(() => backend.snapshot()).toThrow("State 'items' has a snapshot open already");
    first.close();
    expect(first.next(5)).toBeUndefined();

    const restored = new HeapKeyedStateBackend({ keyGroupRange: range, maxParallelism: MAX });
    const chunks: [number, Record<string, unknown[]>][] = [];
    const full = backend.snapshot();
    for (let chunk = full.next(7); chunk !== undefined; chunk = full.next(7))
      chunks.push([chunk.keyGroup, chunk.entries]);
    restored.restore(full.kinds, chunks);
    // Only 'items' is registered again; the rest is still waiting for its operator.
    restored.getValueState(new ValueStateDescriptor<Item>('items'));
    const again = restored.snapshot();
    expect(again.kinds).toEqual(full.kinds);
    const rewritten = drain(
      again,
      () => 3,
      () => {},
    );
    const original = drain(
      backend.snapshot(),
      () => 100,
      () => {},
    );
    expect(rewritten).toEqual(original);
  });
});
