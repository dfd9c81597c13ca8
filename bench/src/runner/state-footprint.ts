/*
 * What keyed state costs in memory: `keys` keys of ValueState<number> in the heap state backend,
 * as one subtask owning every key group would hold them, measured as the V8 heap they add after a
 * full GC. Runs in a child process started with --expose-gc.
 */
import { DEFAULT_MAX_PARALLELISM, KeyGroupRange, RuntimeFailure } from '@weir/common';
import { ValueStateDescriptor } from '@weir/core';
import { HeapKeyedStateBackend } from '@weir/state';

export interface StateFootprint {
  readonly keys: number;
  readonly heapBytes: number;
  readonly bytesPerKey: number;
  readonly fillMs: number;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new RuntimeFailure('The state footprint must run with --expose-gc to measure the heap.');
  gc();
  gc();
}

export function measureStateFootprint(keys: number): StateFootprint {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const backend = new HeapKeyedStateBackend({
    keyGroupRange: new KeyGroupRange(0, DEFAULT_MAX_PARALLELISM - 1),
    maxParallelism: DEFAULT_MAX_PARALLELISM,
  });
  const state = backend.getValueState(new ValueStateDescriptor<number>('value'));
  for (let key = 0; key < keys; key++) {
    backend.setCurrentKey(key);
    state.update(key);
  }
  const fillMs = performance.now() - start;
  collectGarbage();
  const heapBytes = process.memoryUsage().heapUsed - before;
  // Read the state after measuring, so it is certainly still alive when measured.
  const entries = backend.numEntries('value');
  if (entries !== keys) throw new RuntimeFailure(`The state footprint stored ${entries} keys, expected ${keys}.`);
  backend.dispose();
  return { keys, heapBytes, bytesPerKey: heapBytes / keys, fillMs };
}
