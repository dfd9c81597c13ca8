import { KeyGroupRange } from '@weir/common';
import { ValueStateDescriptor } from '@weir/core';
import { HeapKeyedStateBackend } from '@weir/state';
import { KeyedStateWriter } from '../checkpoint/keyed-state-writer';
import type { SubtaskSnapshot } from '../checkpoint/operator-snapshot';
import { restoreKeyedState } from '../checkpoint/operator-snapshot-codec';
import { SnapshotArena } from '../checkpoint/snapshot-arena';
import { decodeFrame } from '../checkpoint/state-codec';
import { AsyncSnapshot } from './async-snapshot';

const MAX = 16;
const KEYS = 2000;

function counters() {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: new KeyGroupRange(0, MAX - 1), maxParallelism: MAX });
  const state = backend.getValueState(new ValueStateDescriptor<{ n: number; label: string }>('counter'));
  const bump = (by: number): void => {
    for (let key = 0; key < KEYS; key++) {
      backend.setCurrentKey(key);
      const value = state.value();
      if (value === undefined) state.update({ n: by, label: `key-${key}` });
      else value.n += by;
    }
  };
  const contents = (): number[] => {
    const out: number[] = [];
    for (let key = 0; key < KEYS; key++) {
      backend.setCurrentKey(key);
      out.push(state.value()?.n ?? -1);
    }
    return out;
  };
  return { backend, bump, contents };
}

/** A snapshot of one keyed operator, its parts in an arena of `arenas`. */
function snapshotOf(id: number, backend: HeapKeyedStateBackend, arenas: SnapshotArena[]): AsyncSnapshot {
  const arena = SnapshotArena.acquire(arenas);
  const keyed = new KeyedStateWriter(backend, undefined, arena);
  return new AsyncSnapshot(id, [{ uid: 'counts', keyed }], Promise.resolve([undefined]), undefined, arena);
}

function contentsOf(frame: Uint8Array): number[] {
  const snapshot = decodeFrame<SubtaskSnapshot>(frame, 'the test frame');
  const restored = counters();
  restoreKeyedState(snapshot.operators[0].keyed!, restored.backend, undefined);
  return restored.contents();
}

describe('AsyncSnapshot', () => {
  it('keeps its parts while a later snapshot encodes into another arena, and reuses arenas once done', async () => {
    const live = counters();
    const arenas: SnapshotArena[] = [];
    live.bump(1);
    const first = snapshotOf(1, live.backend, arenas);
    const atFirst = live.contents();
    // The next barrier comes before the first frame is copied: its keyed state is encoded to the end first.
    first.finishKeyedState();
    live.bump(10);
    const second = snapshotOf(2, live.backend, arenas);
    const atSecond = live.contents();
    await Promise.resolve();
    expect(second.step(Number.POSITIVE_INFINITY)).toBe('done');
    expect(first.step(Number.POSITIVE_INFINITY)).toBe('done');
    expect(arenas).toHaveLength(2);
    expect(contentsOf(first.result)).toEqual(atFirst);
    expect(contentsOf(second.result)).toEqual(atSecond);

    // Both done: the third writes over an arena, and the frames of the first two stay as they were.
    live.bump(100);
    const third = snapshotOf(3, live.backend, arenas);
    await Promise.resolve();
    expect(third.step(Number.POSITIVE_INFINITY)).toBe('done');
    expect(arenas).toHaveLength(2);
    expect(contentsOf(third.result)).toEqual(live.contents());
    expect(contentsOf(first.result)).toEqual(atFirst);
  });

  it('gives its arena back once only, when closed after it is done', async () => {
    const live = counters();
    live.bump(1);
    const arenas: SnapshotArena[] = [];
    const done = snapshotOf(1, live.backend, arenas);
    await Promise.resolve();
    expect(done.step(Number.POSITIVE_INFINITY)).toBe('done');
    const next = snapshotOf(2, live.backend, arenas);
    done.close();
    // The arena is the next snapshot's now: closing the done one must not free it for a third.
    const third = SnapshotArena.acquire(arenas);
    expect(arenas).toHaveLength(2);
    third.release();
    next.close();
  });
});
