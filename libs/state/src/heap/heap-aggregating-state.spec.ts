import { KeyGroupRange } from '@weir/common';
import { AggregatingStateDescriptor, type AggregateFunction } from '@weir/core';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend';

const average: AggregateFunction<number, { sum: number; n: number }, number> = {
  createAccumulator: () => ({ sum: 0, n: 0 }),
  add: (v, acc) => ({ sum: acc.sum + v, n: acc.n + 1 }),
  getResult: (acc) => acc.sum / acc.n,
  merge: (a, b) => ({ sum: a.sum + b.sum, n: a.n + b.n }),
};

function setup(ttl?: number) {
  const clock = { now: 0 };
  const backend = new HeapKeyedStateBackend({
    keyGroupRange: new KeyGroupRange(0, 127),
    maxParallelism: 128,
    clock: () => clock.now,
  });
  const state = backend.getAggregatingState(new AggregatingStateDescriptor('avg', average, { ttl }));
  return { backend, clock, state };
}

describe('HeapAggregatingState', () => {
  it('aggregates per key and exposes the accumulator', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('a');
    expect(state.get()).toBeUndefined();
    expect(state.getAccumulator()).toBeUndefined();
    state.add(1);
    state.add(4);
    backend.setCurrentKey('b');
    state.add(10);
    backend.setCurrentKey('a');
    expect(state.get()).toBe(2.5);
    expect(state.getAccumulator()).toEqual({ sum: 5, n: 2 });
    state.clear();
    expect(state.get()).toBeUndefined();
    expect(backend.numEntries('avg')).toBe(1);
  });

  it('keeps namespaces apart and merges accumulators', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('k');
    state.setCurrentNamespace('w1');
    state.add(1);
    state.add(2);
    state.setCurrentNamespace('w2');
    state.add(9);
    state.setCurrentNamespace('w3');
    expect(state.get()).toBeUndefined();
    state.add(0);
    state.mergeNamespaces('w3', ['w1', 'w2']);
    expect(state.getAccumulator()).toEqual({ sum: 12, n: 4 });
    expect(state.get()).toBe(3);
    expect(backend.numEntries('avg')).toBe(1);
  });

  it('with TTL, starts a fresh accumulator once the old one expired', () => {
    const { backend, clock, state } = setup(100);
    backend.setCurrentKey('k');
    state.add(10);
    clock.now = 99;
    expect(state.get()).toBe(10);
    clock.now = 100;
    state.add(2);
    expect(state.getAccumulator()).toEqual({ sum: 2, n: 1 });
    clock.now = 200;
    expect(state.getAccumulator()).toBeUndefined();
    expect(backend.numEntries('avg')).toBe(0);
  });
});
