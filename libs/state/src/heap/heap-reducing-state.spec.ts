import { KeyGroupRange } from '@weir/common';
import { ReducingStateDescriptor } from '@weir/core';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend';

function setup(ttl?: number) {
  const clock = { now: 0 };
  const backend = new HeapKeyedStateBackend({
    keyGroupRange: new KeyGroupRange(0, 127),
    maxParallelism: 128,
    clock: () => clock.now,
  });
  const state = backend.getReducingState(new ReducingStateDescriptor<number>('sum', (a, b) => a + b, { ttl }));
  return { backend, clock, state };
}

describe('HeapReducingState', () => {
  it('folds added values per key', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('a');
    expect(state.get()).toBeUndefined();
    state.add(1);
    state.add(2);
    backend.setCurrentKey('b');
    state.add(10);
    backend.setCurrentKey('a');
    expect(state.get()).toBe(3);
    state.clear();
    expect(state.get()).toBeUndefined();
    backend.setCurrentKey('b');
    expect(state.get()).toBe(10);
  });

  it('accepts a ReduceFunction object', () => {
    const { backend } = setup();
    const max = backend.getReducingState(
      new ReducingStateDescriptor<number>('max', { reduce: (a: number, b: number) => Math.max(a, b) }),
    );
    backend.setCurrentKey('a');
    [3, 9, 4].forEach((v) => max.add(v));
    expect(max.get()).toBe(9);
  });

  it('keeps namespaces apart and merges them into the target', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('k');
    const order: string[] = [];
    const concat = backend.getReducingState(
      new ReducingStateDescriptor<string>('concat', (a, b) => {
        order.push(`${a}+${b}`);
        return a + b;
      }),
    );
    for (const [ns, v] of [
      ['w1', 'a'],
      ['w2', 'b'],
      ['w3', 'c'],
      ['t', 'T'],
    ] as const) {
      concat.setCurrentNamespace(ns);
      concat.add(v);
    }
    concat.mergeNamespaces('t', ['w1', 'missing', 'w2', 't', 'w3']);
    concat.setCurrentNamespace('t');
    expect(concat.get()).toBe('Tabc');
    expect(order).toEqual(['a+b', 'ab+c', 'T+abc']);
    expect(backend.getKeys('concat', 'w1')).toEqual([]);
    expect(backend.numEntries('concat')).toBe(1);

    state.setCurrentNamespace('x');
    state.add(5);
    state.mergeNamespaces('fresh', ['x']);
    state.setCurrentNamespace('fresh');
    expect(state.get()).toBe(5);
    expect(backend.numEntries('sum')).toBe(1);
  });

  it('with TTL, folds into nothing once expired and skips expired sources when merging', () => {
    const { backend, clock, state } = setup(100);
    backend.setCurrentKey('k');
    state.add(1);
    clock.now = 100;
    state.add(2);
    expect(state.get()).toBe(2);
    state.setCurrentNamespace('old');
    state.add(50);
    clock.now = 150;
    state.setCurrentNamespace('new');
    state.add(7);
    clock.now = 210;
    state.mergeNamespaces('target', ['old', 'new']);
    state.setCurrentNamespace('target');
    expect(state.get()).toBe(7);
    expect(backend.getKeys('sum', 'old')).toEqual([]);
    expect(backend.getKeys('sum', 'new')).toEqual([]);
    clock.now = 309;
    expect(state.get()).toBe(7);
    clock.now = 310;
    expect(state.get()).toBeUndefined();
  });
});
