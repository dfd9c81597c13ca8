import { KeyGroupRange } from '@weir/common';
import { ListStateDescriptor, ValueStateDescriptor } from '@weir/core';
import { HeapKeyedStateBackend, HeapTimeServiceManager, type ProcessingTimeService } from '@weir/state';
import { KeyedStateWriter } from './keyed-state-writer';
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
describe('KeyedStateWriter', () => {
  it('writes the state and timers of the barrier while records go on changing them between its parts', () => {
    const live = operatorState();
    for (let n = 0; n < 5000; n++) live.process();
    const atBarrier = structuredClone(live.contents());
    const timersAtBarrier = live.timerCount();

    const writer = new KeyedStateWriter(live.backend, live.timers);
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

  it('lets a new view be taken once the previous writer is done or closed', () => {
    const live = operatorState();
    for (let n = 0; n < 100; n++) live.process();
    const first = new KeyedStateWriter(live.backend, live.timers);
    expect(() => new KeyedStateWriter(live.backend, live.timers)).toThrow('has a snapshot open already');
    first.close();
    const second = new KeyedStateWriter(live.backend, live.timers);
    second.write(Number.POSITIVE_INFINITY);
    expect(second.done).toBe(true);
    expect(() => new KeyedStateWriter(live.backend, live.timers).close()).not.toThrow();
  });
});
