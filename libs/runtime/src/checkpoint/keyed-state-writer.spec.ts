import { KeyGroupRange } from '@weir/common';
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  ValueStateDescriptor,
  type AggregateFunction,
} from '@weir/core';
import { HeapKeyedStateBackend, HeapTimeServiceManager, type ProcessingTimeService } from '@weir/state';
import { KeyedStateWriter } from './keyed-state-writer';
import { NumericEntries } from './numeric-entries';
import { SnapshotArena } from './snapshot-arena';
import { restoreKeyedState } from './operator-snapshot-codec';

const MAX = 32;
const RANGE = new KeyGroupRange(0, MAX - 1);
const VOID = 0;
const clock: ProcessingTimeService = { getCurrentProcessingTime: () => 0, registerTimer: () => () => {} };

interface Session {
  clicks: number;
  pages: string[];
}

/** A keyed operator's state: a session object per key (changed in place), a list, and event-time timers. */
function operatorState() {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: RANGE, maxParallelism: MAX });
  const timers = new HeapTimeServiceManager({ backend, processingTimeService: clock });
  const sessions = backend.getValueState(new ValueStateDescriptor<Session>('sessions'));
  const history = backend.getListState(new ListStateDescriptor<number>('history'));
  const service = timers.getInternalTimerService('user', { onEventTime: () => {}, onProcessingTime: () => {} });
  let i = 0;
  const process = (): void => {
    i++;
    backend.setCurrentKey(`user-${(i * 7919) % 500}`);
    const session = sessions.value();
    if (session === undefined) sessions.update({ clicks: 1, pages: [`p${i}`] });
    else if (i % 11 === 0) sessions.clear();
    else {
      session.clicks++;
      session.pages.push(`p${i}`);
    }
    if (i % 3 === 0) history.add(i);
    if (i % 13 === 0) history.clear();
    service.registerEventTimeTimer(VOID, i % 50);
  };
  const contents = (): unknown[] => {
    const out: unknown[] = [];
    for (let key = 0; key < 500; key++) {
      backend.setCurrentKey(`user-${key}`);
      out.push([key, sessions.value(), [...history.get()]]);
    }
    return out;
  };
  return { backend, timers, process, contents, timerCount: () => service.numTimers() };
}
interface Count {
  count: number;
  latest: number;
}

const counting: AggregateFunction<number, Count, Count> = {
  createAccumulator: () => ({ count: 0, latest: 0 }),
  add: (value, acc) => {
    acc.count++;
    acc.latest = value;
    return acc;
  },
  getResult: (acc) => acc,
  merge: (a, b) => ({ count: a.count + b.count, latest: Math.max(a.latest, b.latest) }),
};

/** A window operator's state: an accumulator per auction and window start (numbers all), changed in place. */
function windowState() {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: RANGE, maxParallelism: MAX });
  const counts = backend.getAggregatingState(new AggregatingStateDescriptor('window-contents', counting));
  const totals = backend.getValueState(new ValueStateDescriptor<number>('totals'));
  let i = 0;
  const process = (): void => {
    i++;
    const auction = (i * 7919) % 300;
    backend.setCurrentKey(auction);
    for (let slide = 0; slide < 3; slide++) {
      counts.setCurrentNamespace(2000 * (Math.floor(i / 400) + slide));
      counts.add(i);
    }
    // A window done: its accumulator goes.
    if (i % 7 === 0) {
      counts.setCurrentNamespace(2000 * (Math.floor(i / 400) - 1));
      counts.clear();
    }
    totals.update((totals.value() ?? 0) + i);
  };
  const contents = (): unknown[] => {
    const out: unknown[] = [];
    for (let auction = 0; auction < 300; auction++) {
      backend.setCurrentKey(auction);
      for (let window = -2000; window <= 2000 * 40; window += 2000) {
        counts.setCurrentNamespace(window);
        out.push([auction, window, counts.get()]);
      }
      out.push([auction, totals.value()]);
    }
    return out;
  };
  return { backend, process, contents };
}

describe('KeyedStateWriter', () => {
  it('writes the state and timers of the barrier while records go on changing them between its parts', () => {
    const live = operatorState();
    for (let n = 0; n < 5000; n++) live.process();
    const atBarrier = structuredClone(live.contents());
    const timersAtBarrier = live.timerCount();

    const writer = new KeyedStateWriter(live.backend, live.timers, new SnapshotArena());
    let parts = 0;
    // A deadline in the past: one part per step, with records processed between steps.
    while (writer.write(0)) {
      parts++;
      for (let n = 0; n < 50; n++) live.process();
    }
    expect(parts).toBeGreaterThan(2);
    expect(live.contents()).not.toEqual(atBarrier);

    const restored = operatorState();
    restoreKeyedState(writer.result(), restored.backend, restored.timers);
    expect(restored.contents()).toEqual(atBarrier);
    expect(restored.timerCount()).toBe(timersAtBarrier);
  });

  it('writes window accumulators as numbers and restores them as they were at the barrier', () => {
    const live = windowState();
    for (let n = 0; n < 6000; n++) live.process();
    const atBarrier = structuredClone(live.contents());

    const asNumbers = jest.spyOn(NumericEntries, 'of');
    const writer = new KeyedStateWriter(live.backend, undefined, new SnapshotArena());
    while (writer.write(0)) for (let n = 0; n < 50; n++) live.process();
    expect(live.contents()).not.toEqual(atBarrier);
    const result = writer.result();
    const written = asNumbers.mock.results.map((r) => r.value as unknown);
    asNumbers.mockRestore();
    expect(written.length).toBeGreaterThan(2);
    expect(written.every((entries) => entries instanceof NumericEntries)).toBe(true);

    const restored = windowState();
    restoreKeyedState(result, restored.backend, undefined);
    expect(restored.contents()).toEqual(atBarrier);
  });

  it('lets a new view be taken once the previous writer is done or closed', () => {
    const live = operatorState();
    for (let n = 0; n < 100; n++) live.process();
    const first = new KeyedStateWriter(live.backend, live.timers, new SnapshotArena());
    expect(() => new KeyedStateWriter(live.backend, live.timers, new SnapshotArena())).toThrow(
      'has a snapshot open already',
    );
    first.close();
    const second = new KeyedStateWriter(live.backend, live.timers, new SnapshotArena());
    second.write(Number.POSITIVE_INFINITY);
    expect(second.done).toBe(true);
    expect(() => new KeyedStateWriter(live.backend, live.timers, new SnapshotArena()).close()).not.toThrow();
  });
});
