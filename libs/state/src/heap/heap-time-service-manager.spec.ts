import { assignToKeyGroup, JobDefinitionError, KeyGroupRange, MIN_WATERMARK, type Key } from '@weir/common';
import { TimeWindow } from '@weir/core';
import type { InternalTimer, ProcessingTimeService, Triggerable } from '../timer-service';
import { HeapInternalTimerService } from './heap-internal-timer-service';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend';
import { HeapTimeServiceManager } from './heap-time-service-manager';

/** Records what is scheduled so tests can check that only the earliest timer is. */
class FakeProcessingTimeService implements ProcessingTimeService {
  now = 0;
  scheduled: { time: number; callback: (time: number) => void; cancelled: boolean }[] = [];

  getCurrentProcessingTime(): number {
    return this.now;
  }

  registerTimer(time: number, callback: (time: number) => void): () => void {
    const entry = { time, callback, cancelled: false };
    this.scheduled.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  pending(): number[] {
    return this.scheduled.filter((s) => !s.cancelled).map((s) => s.time);
  }

  /** Moves the clock and runs the due callbacks, each once. */
  advanceTo(now: number): void {
    this.now = now;
    for (;;) {
      const due = this.scheduled.find((s) => !s.cancelled && s.time <= now);
      if (due === undefined) return;
      due.cancelled = true;
      due.callback(due.time);
    }
  }
}

class Recorder<N> implements Triggerable<N> {
  fired: string[] = [];
  onFire: ((timer: InternalTimer<N>, domain: string) => void) | undefined;
  constructor(
    private readonly label: string,
    private readonly backend: HeapKeyedStateBackend,
  ) {}
  onEventTime(timer: InternalTimer<N>): void {
    this.record(timer, 'event');
  }
  onProcessingTime(timer: InternalTimer<N>): void {
    this.record(timer, 'proc');
  }
  private record(timer: InternalTimer<N>, domain: string): void {
    expect(this.backend.getCurrentKey()).toBe(timer.key);
    const ns = timer.namespace instanceof TimeWindow ? timer.namespace.namespaceKey() : String(timer.namespace);
    this.fired.push(`${this.label}:${domain}@${timer.timestamp}:${String(timer.key)}:${ns}`);
    this.onFire?.(timer, domain);
  }
}

function setup() {
  const backend = new HeapKeyedStateBackend({ keyGroupRange: new KeyGroupRange(0, 127), maxParallelism: 128 });
  const processingTimeService = new FakeProcessingTimeService();
  const manager = new HeapTimeServiceManager({ backend, processingTimeService });
  return { backend, processingTimeService, manager };
}

describe('HeapTimeServiceManager', () => {
  it('fires event-time timers up to the watermark, in timestamp order across services, with the key set', () => {
    const { backend, manager } = setup();
    const log: string[] = [];
    const a = new Recorder<number>('A', backend);
    const b = new Recorder<number>('B', backend);
    a.fired = b.fired = log;
    const ta = manager.getInternalTimerService('a', a);
    const tb = manager.getInternalTimerService('b', b);
    expect(manager.currentWatermark()).toBe(MIN_WATERMARK);
    expect(ta.currentWatermark()).toBe(MIN_WATERMARK);
    const at = (key: Key, service: typeof ta, time: number) => {
      backend.setCurrentKey(key);
      service.registerEventTimeTimer(0, time);
    };
    at('x', ta, 30);
    at('y', tb, 10);
    at('z', ta, 20);
    at('x', tb, 30);
    at('x', ta, 30);
    at('y', ta, 40);
    expect(ta.numTimers() + tb.numTimers()).toBe(5);

    manager.advanceWatermark(30);
    expect(log).toEqual(['B:event@10:y:0', 'A:event@20:z:0', 'A:event@30:x:0', 'B:event@30:x:0']);
    expect(manager.currentWatermark()).toBe(30);
    expect(tb.currentWatermark()).toBe(30);
    expect(ta.numTimers()).toBe(1);

    manager.advanceWatermark(Number.POSITIVE_INFINITY);
    expect(log.slice(4)).toEqual(['A:event@40:y:0']);
    expect(ta.numTimers()).toBe(0);
  });

  it('fires in the same advance the timers that firing registers at or before the watermark', () => {
    const { backend, manager } = setup();
    const recorder = new Recorder<number>('T', backend);
    const timers = manager.getInternalTimerService('t', recorder);
    recorder.onFire = (timer) => {
      expect(timers.currentWatermark()).toBe(100);
      if (timer.timestamp === 10) timers.registerEventTimeTimer(0, 50);
      if (timer.timestamp === 50) timers.registerEventTimeTimer(0, 150);
    };
    backend.setCurrentKey('k');
    timers.registerEventTimeTimer(0, 10);
    timers.registerEventTimeTimer(0, 60);
    manager.advanceWatermark(100);
    expect(recorder.fired).toEqual(['T:event@10:k:0', 'T:event@50:k:0', 'T:event@60:k:0']);
    expect(timers.numTimers()).toBe(1);
  });

  it('deletes event-time timers of the current key only', () => {
    const { backend, manager } = setup();
    const recorder = new Recorder<number>('T', backend);
    const timers = manager.getInternalTimerService('t', recorder);
    for (const key of ['a', 'b']) {
      backend.setCurrentKey(key);
      timers.registerEventTimeTimer(0, 5);
      timers.registerEventTimeTimer(0, 6);
    }
    backend.setCurrentKey('a');
    timers.deleteEventTimeTimer(0, 5);
    timers.deleteEventTimeTimer(0, 7);
    backend.setCurrentKey('b');
    timers.deleteEventTimeTimer(0, 6);
    manager.advanceWatermark(10);
    expect(recorder.fired).toEqual(['T:event@5:b:0', 'T:event@6:a:0']);
  });

  it('identifies window timers by namespaceKey and keeps key types apart', () => {
    const { backend, manager } = setup();
    const recorder = new Recorder<TimeWindow>('W', backend);
    const timers = manager.getInternalTimerService('w', recorder, (w) => w.namespaceKey());
    backend.setCurrentKey(1);
    timers.registerEventTimeTimer(new TimeWindow(0, 10), 9);
    timers.registerEventTimeTimer(new TimeWindow(0, 10), 9);
    timers.registerEventTimeTimer(new TimeWindow(0, 20), 9);
    backend.setCurrentKey('1');
    timers.registerEventTimeTimer(new TimeWindow(0, 10), 9);
    expect(timers.numTimers()).toBe(3);
    backend.setCurrentKey(1);
    timers.deleteEventTimeTimer(new TimeWindow(0, 20), 9);
    manager.advanceWatermark(9);
    expect(recorder.fired).toEqual(['W:event@9:1:0:10', 'W:event@9:1:0:10']);
  });

  it('asks for a namespaceKey when namespaces are objects, and refuses NaN times', () => {
    const { backend, manager } = setup();
    const timers = manager.getInternalTimerService('w', new Recorder<TimeWindow>('W', backend));
    backend.setCurrentKey('k');
    expect(() => timers.registerEventTimeTimer(new TimeWindow(0, 1), 0)).toThrow(JobDefinitionError);
    expect(() => timers.registerEventTimeTimer(new TimeWindow(0, 1), 0)).toThrow('pass a namespaceKey');
    const plain = manager.getInternalTimerService('p', new Recorder<number>('P', backend));
    expect(() => plain.registerProcessingTimeTimer(0, NaN)).toThrow("timer service 'p' was registered for NaN");
  });

  it('returns the same service for a name and triggerable, and refuses another triggerable', () => {
    const { backend, manager } = setup();
    const recorder = new Recorder<number>('T', backend);
    const timers = manager.getInternalTimerService('t', recorder);
    expect(manager.getInternalTimerService('t', recorder)).toBe(timers);
    expect(() => manager.getInternalTimerService('t', new Recorder<number>('U', backend))).toThrow(
      "The timer service 't' is already used by another triggerable",
    );
    expect(manager.timerServices().get('t')).toBe(timers);
  });

  it('schedules only the earliest processing-time timer, rescheduling and cancelling as timers change', () => {
    const { backend, manager, processingTimeService: pts } = setup();
    const recorder = new Recorder<number>('P', backend);
    const timers = manager.getInternalTimerService('p', recorder);
    backend.setCurrentKey('a');
    timers.registerProcessingTimeTimer(0, 100);
    timers.registerProcessingTimeTimer(0, 200);
    expect(pts.pending()).toEqual([100]);
    timers.registerProcessingTimeTimer(0, 50);
    expect(pts.pending()).toEqual([50]);
    timers.registerProcessingTimeTimer(0, 50);
    expect(pts.scheduled).toHaveLength(2);
    timers.deleteProcessingTimeTimer(0, 50);
    expect(pts.pending()).toEqual([100]);
    timers.deleteProcessingTimeTimer(0, 200);
    expect(pts.pending()).toEqual([100]);
    timers.deleteProcessingTimeTimer(0, 100);
    expect(pts.pending()).toEqual([]);
    expect(timers.numTimers()).toBe(0);
    expect(recorder.fired).toEqual([]);
  });

  it('fires every due processing-time timer with its key set, then schedules the next', () => {
    const { backend, manager, processingTimeService: pts } = setup();
    const recorder = new Recorder<number>('P', backend);
    const timers = manager.getInternalTimerService('p', recorder);
    expect(timers.currentProcessingTime()).toBe(0);
    recorder.onFire = (timer) => {
      if (timer.timestamp === 10) {
        timers.registerProcessingTimeTimer(0, 12);
        timers.registerProcessingTimeTimer(0, 40);
      }
    };
    for (const [key, time] of [
      ['a', 10],
      ['b', 15],
      ['c', 30],
      ['d', 15],
    ] as const) {
      backend.setCurrentKey(key);
      timers.registerProcessingTimeTimer(0, time);
    }
    expect(pts.pending()).toEqual([10]);
    pts.advanceTo(20);
    expect(recorder.fired).toEqual(['P:proc@10:a:0', 'P:proc@12:a:0', 'P:proc@15:b:0', 'P:proc@15:d:0']);
    expect(pts.pending()).toEqual([30]);
    pts.advanceTo(100);
    expect(recorder.fired.slice(4)).toEqual(['P:proc@30:c:0', 'P:proc@40:a:0']);
    expect(pts.pending()).toEqual([]);
    manager.advanceWatermark(1000);
    expect(recorder.fired).toHaveLength(6);
  });

  it('keeps timers per key group for snapshots', () => {
    const { backend, manager } = setup();
    const timers = manager.getInternalTimerService(
      't',
      new Recorder<number>('T', backend),
    ) as HeapInternalTimerService<number>;
    backend.setCurrentKey('a');
    timers.registerEventTimeTimer(0, 1);
    timers.registerProcessingTimeTimer(0, 2);
    const group = assignToKeyGroup('a', 128);
    expect(timers.timersOfKeyGroup('event', group).map((t) => [t.timestamp, t.key, t.namespace])).toEqual([
      [1, 'a', 0],
    ]);
    expect(timers.timersOfKeyGroup('processing', group).map((t) => t.timestamp)).toEqual([2]);
    expect(timers.timersOfKeyGroup('event', (group + 1) % 128)).toEqual([]);
  });
});
