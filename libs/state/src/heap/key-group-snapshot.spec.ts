import { assignToKeyGroup, JobDefinitionError, KeyGroupRange, type Key } from '@weir/common';
import { MapStateDescriptor, TimeWindow, ValueStateDescriptor, type Window } from '@weir/core';
import type { InternalTimer, NamespaceSerializer, ProcessingTimeService, Triggerable } from '../timer-service';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend';
import type { KeyGroupEntries } from './heap-keyed-state-snapshot';
import { HeapTimeServiceManager, type KeyGroupTimers } from './heap-time-service-manager';

const MAX = 8;
const clock: ProcessingTimeService = { getCurrentProcessingTime: () => 0, registerTimer: () => () => {} };
const WINDOWS: NamespaceSerializer<Window> = {
  toData: (w) => [(w as TimeWindow).start, (w as TimeWindow).end],
  fromData: (d) => new TimeWindow(...(d as [number, number])),
};

function backendOf(start: number, end: number, owner = "operator 'counts'"): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ keyGroupRange: new KeyGroupRange(start, end), maxParallelism: MAX, owner });
}

describe('snapshots per key group', () => {
  it('takes every state and timer of a key group and restores them, split over two backends', () => {
    const backend = backendOf(0, MAX - 1);
    const timers = new HeapTimeServiceManager({ backend, processingTimeService: clock });
    const fired: [Key, number, Window][] = [];
    const triggerable: Triggerable<Window> = {
      onEventTime: (t: InternalTimer<Window>) => fired.push([t.key, t.timestamp, t.namespace]),
      onProcessingTime: () => {},
    };
    const count = backend.getValueState(new ValueStateDescriptor<number>('count'));
    const tags = backend.getMapState(new MapStateDescriptor<string, Set<number>>('tags'));
    const service = timers.getInternalTimerService('t', triggerable, (w) => w.namespaceKey(), WINDOWS);
    const keys: Key[] = ['a', 'b', 7, ['x', 2n]];
    keys.forEach((key, i) => {
      backend.setCurrentKey(key);
      count.update(i + 1);
      tags.put('s', new Set([i]));
      service.registerEventTimeTimer(new TimeWindow(0, 10 * (i + 1)), 10 * (i + 1) - 1);
    });

    // Chunks of at most two entries: a key group may come in several.
    const snapshot = backend.snapshot();
    const chunks: (readonly [number, KeyGroupEntries])[] = [];
    for (let chunk = snapshot.next(2); chunk !== undefined; chunk = snapshot.next(2)) {
      chunks.push([chunk.keyGroup, chunk.entries]);
    }
    expect(snapshot.done).toBe(true);
    const groupTimers = new Map<number, KeyGroupTimers>();
    for (let kg = 0; kg < MAX; kg++) {
      const t = timers.snapshotKeyGroup(kg);
      if (t !== undefined) groupTimers.set(kg, t);
    }
    // Rescaled to two subtasks: each restores the key groups of its half.
    for (const [start, end] of [
      [0, 3],
      [4, 7],
    ]) {
      const restored = backendOf(start, end);
      const mine = (kg: number) => kg >= start && kg <= end;
      restored.restore(
        snapshot.kinds,
        chunks.filter(([kg]) => mine(kg)),
      );
      const restoredTimers = new HeapTimeServiceManager({ backend: restored, processingTimeService: clock });
      restoredTimers.restore([...groupTimers].filter(([kg]) => mine(kg)).map(([, t]) => t));
      const restoredCount = restored.getValueState(new ValueStateDescriptor<number>('count'));
      const restoredTags = restored.getMapState(new MapStateDescriptor<string, Set<number>>('tags'));
      restoredTimers.getInternalTimerService('t', triggerable, (w) => w.namespaceKey(), WINDOWS);
      keys.forEach((key, i) => {
        const keyGroup = assignToKeyGroup(key, MAX);
        if (keyGroup < start || keyGroup > end) return;
        restored.setCurrentKey(key);
        expect(restoredCount.value()).toBe(i + 1);
        expect(restoredTags.get('s')).toEqual(new Set([i]));
      });
      restoredTimers.advanceWatermark(Number.MAX_SAFE_INTEGER);
    }
    expect(fired.sort((a, b) => a[1] - b[1])).toEqual(
      keys.map((key, i) => [key, 10 * (i + 1) - 1, new TimeWindow(0, 10 * (i + 1))]),
    );
  });

  it('refuses restored state whose kind changed, naming the state and the operator', () => {
    const backend = backendOf(0, MAX - 1);
    backend.restore({ seen: 'value' }, []);
    expect(() => backend.getMapState(new MapStateDescriptor<string, number>('seen'))).toThrow(JobDefinitionError);
    expect(() => backend.getMapState(new MapStateDescriptor<string, number>('seen'))).toThrow(
      "The state 'seen' of operator 'counts' was saved as value state but is now declared as map state",
    );
  });
});
