import { JobDefinitionError } from '@weir/common';
import type { ReducingStateDescriptor, StateDescriptor } from '../state/state-descriptor';
import type { ReducingState, State } from '../state/state';
import { ContinuousEventTimeTrigger } from './continuous-event-time-trigger';
import { ContinuousProcessingTimeTrigger } from './continuous-processing-time-trigger';
import { CountTrigger } from './count-trigger';
import { EventTimeTrigger } from './event-time-trigger';
import { NeverTrigger } from './never-trigger';
import { ProcessingTimeTrigger } from './processing-time-trigger';
import { PurgingTrigger } from './purging-trigger';
import type { OnMergeContext } from './trigger';
import { TimeWindow, type Window } from './window';

/*
 * Triggers are tested against a small in-memory context (one key): timers are a set of
 * "domain@namespace@time" strings, reducing state a map by "name@namespace".
 */
class FakeTriggerContext implements OnMergeContext {
  watermark = Number.NEGATIVE_INFINITY;
  processingTime = 0;
  window: Window = new TimeWindow(0, 10);
  mergedWindows: Window[] = [];
  readonly timers = new Set<string>();
  readonly state = new Map<string, unknown>();

  for(window: Window): this {
    this.window = window;
    return this;
  }
  getCurrentProcessingTime(): number {
    return this.processingTime;
  }
  getCurrentWatermark(): number {
    return this.watermark;
  }
  registerProcessingTimeTimer(time: number): void {
    this.timers.add(`proc@${this.window.namespaceKey()}@${time}`);
  }
  registerEventTimeTimer(time: number): void {
    this.timers.add(`event@${this.window.namespaceKey()}@${time}`);
  }
  deleteProcessingTimeTimer(time: number): void {
    this.timers.delete(`proc@${this.window.namespaceKey()}@${time}`);
  }
  deleteEventTimeTimer(time: number): void {
    this.timers.delete(`event@${this.window.namespaceKey()}@${time}`);
  }
  getPartitionedState(descriptor: StateDescriptor): never {
    const d = descriptor as ReducingStateDescriptor<unknown>;
    const slot = `${d.name}@${this.window.namespaceKey()}`;
    const state: ReducingState<unknown> & State = {
      get: () => this.state.get(slot),
      add: (v) => this.state.set(slot, this.state.has(slot) ? d.reduce(this.state.get(slot), v) : v),
      clear: () => this.state.delete(slot),
    };
    return state as never;
  }
  mergePartitionedState(descriptor: ReducingStateDescriptor<unknown>): void {
    const target = `${descriptor.name}@${this.window.namespaceKey()}`;
    for (const w of this.mergedWindows) {
      const source = `${descriptor.name}@${w.namespaceKey()}`;
      if (!this.state.has(source)) continue;
      const v = this.state.get(source);
      this.state.set(target, this.state.has(target) ? descriptor.reduce(this.state.get(target), v) : v);
      this.state.delete(source);
    }
  }
}

const w = new TimeWindow(0, 10);

describe('EventTimeTrigger', () => {
  const t = EventTimeTrigger.create();

  it('registers a timer at the window end and fires on it', () => {
    const ctx = new FakeTriggerContext().for(w);
    expect(t.onElement('x', 3, w, ctx)).toBe('CONTINUE');
    expect([...ctx.timers]).toEqual(['event@0:10@9']);
    expect(t.onEventTime(8, w, ctx)).toBe('CONTINUE');
    expect(t.onEventTime(9, w, ctx)).toBe('FIRE');
    expect(t.onProcessingTime(9, w, ctx)).toBe('CONTINUE');
    t.clear(w, ctx);
    expect(ctx.timers.size).toBe(0);
  });

  it('fires at once for an element of a window the watermark has passed (late firing)', () => {
    const ctx = new FakeTriggerContext().for(w);
    ctx.watermark = 9;
    expect(t.onElement('x', 3, w, ctx)).toBe('FIRE');
    expect(ctx.timers.size).toBe(0);
    ctx.watermark = 8;
    expect(t.onElement('x', 3, w, ctx)).toBe('CONTINUE');
  });

  it('on merge, sets a timer for the merged window only if the watermark has not passed it', () => {
    const merged = new TimeWindow(0, 20);
    const ctx = new FakeTriggerContext().for(merged);
    expect(t.canMerge()).toBe(true);
    ctx.watermark = 19;
    t.onMerge(merged, ctx);
    expect(ctx.timers.size).toBe(0);
    ctx.watermark = 18;
    t.onMerge(merged, ctx);
    expect([...ctx.timers]).toEqual(['event@0:20@19']);
  });
});

describe('ProcessingTimeTrigger', () => {
  const t = ProcessingTimeTrigger.create();

  it('registers a processing-time timer at the window end and fires on it', () => {
    const ctx = new FakeTriggerContext().for(w);
    expect(t.onElement('x', 3, w, ctx)).toBe('CONTINUE');
    expect([...ctx.timers]).toEqual(['proc@0:10@9']);
    expect(t.onEventTime(9, w, ctx)).toBe('CONTINUE');
    expect(t.onProcessingTime(9, w, ctx)).toBe('FIRE');
    t.clear(w, ctx);
    expect(ctx.timers.size).toBe(0);
  });

  it('on merge, sets a timer only if the clock has not passed the merged window', () => {
    const ctx = new FakeTriggerContext().for(w);
    ctx.processingTime = 9;
    t.onMerge(w, ctx);
    expect(ctx.timers.size).toBe(0);
    ctx.processingTime = 8;
    t.onMerge(w, ctx);
    expect([...ctx.timers]).toEqual(['proc@0:10@9']);
  });
});

describe('CountTrigger', () => {
  it('fires every n elements per window, counting each window on its own', () => {
    const t = CountTrigger.of(3);
    const ctx = new FakeTriggerContext();
    const other = new TimeWindow(10, 20);
    const results: string[] = [];
    for (let i = 0; i < 7; i++) results.push(t.onElement(i, i, w, ctx.for(w)));
    results.push(t.onElement('y', 0, other, ctx.for(other)));
    expect(results).toEqual(['CONTINUE', 'CONTINUE', 'FIRE', 'CONTINUE', 'CONTINUE', 'FIRE', 'CONTINUE', 'CONTINUE']);
    expect(ctx.state.get('count@0:10')).toBe(1);
    t.clear(w, ctx.for(w));
    expect(ctx.state.has('count@0:10')).toBe(false);
    expect(ctx.state.get('count@10:20')).toBe(1);
  });

  it('adds up the counts of merged windows', () => {
    const t = CountTrigger.of(3);
    const ctx = new FakeTriggerContext();
    const a = new TimeWindow(0, 5);
    const b = new TimeWindow(4, 9);
    t.onElement('x', 0, a, ctx.for(a));
    t.onElement('y', 4, b, ctx.for(b));
    const merged = new TimeWindow(0, 9);
    ctx.mergedWindows = [a, b];
    t.onMerge(merged, ctx.for(merged));
    expect(ctx.state.get('count@0:9')).toBe(2);
    expect(t.onElement('z', 5, merged, ctx)).toBe('FIRE');
  });

  it('validates the count', () => {
    expect(() => CountTrigger.of(0)).toThrow(JobDefinitionError);
    expect(() => CountTrigger.of(2.5)).toThrow(/CountTrigger\.of: the count must be a whole number of at least 1/);
    expect(CountTrigger.of(5).toString()).toBe('CountTrigger(5)');
  });
});

describe('PurgingTrigger', () => {
  it('turns every FIRE of the nested trigger into FIRE_AND_PURGE', () => {
    const t = PurgingTrigger.of(CountTrigger.of(2));
    const ctx = new FakeTriggerContext().for(w);
    expect(t.onElement('a', 0, w, ctx)).toBe('CONTINUE');
    expect(t.onElement('b', 0, w, ctx)).toBe('FIRE_AND_PURGE');
    const timed = PurgingTrigger.of(EventTimeTrigger.create());
    expect(timed.onEventTime(9, w, ctx)).toBe('FIRE_AND_PURGE');
    expect(timed.onEventTime(5, w, ctx)).toBe('CONTINUE');
    expect(timed.canMerge()).toBe(true);
    expect(t.toString()).toBe('PurgingTrigger(CountTrigger(2))');
  });

  it('delegates clear and merge to the nested trigger', () => {
    const t = PurgingTrigger.of(EventTimeTrigger.create());
    const ctx = new FakeTriggerContext().for(w);
    t.onElement('a', 0, w, ctx);
    t.clear(w, ctx);
    expect(ctx.timers.size).toBe(0);
    t.onMerge(w, ctx);
    expect([...ctx.timers]).toEqual(['event@0:10@9']);
  });
});

describe('ContinuousEventTimeTrigger', () => {
  const big = new TimeWindow(0, 100);

  it('fires every interval (aligned) and at the window end', () => {
    const t = ContinuousEventTimeTrigger.of(30);
    const ctx = new FakeTriggerContext().for(big);
    expect(t.onElement('x', 42, big, ctx)).toBe('CONTINUE');
    expect([...ctx.timers].sort()).toEqual(['event@0:100@60', 'event@0:100@99']);
    expect(t.onElement('y', 45, big, ctx)).toBe('CONTINUE');
    expect(ctx.timers.size).toBe(2);
    expect(t.onEventTime(60, big, ctx)).toBe('FIRE');
    expect(ctx.timers.has('event@0:100@90')).toBe(true);
    expect(t.onEventTime(75, big, ctx)).toBe('CONTINUE');
    expect(t.onEventTime(90, big, ctx)).toBe('FIRE');
    // The next firing is capped at the window end.
    expect(ctx.state.get('fire-time@0:100')).toBe(99);
    expect(t.onEventTime(99, big, ctx)).toBe('FIRE');
  });

  it('aligns the first firing below negative timestamps too', () => {
    const t = ContinuousEventTimeTrigger.of(30);
    const win = new TimeWindow(-100, 0);
    const ctx = new FakeTriggerContext().for(win);
    t.onElement('x', -42, win, ctx);
    expect(ctx.state.get('fire-time@-100:0')).toBe(-30);
  });

  it('fires at once once the watermark has passed the window, and clears its timer', () => {
    const t = ContinuousEventTimeTrigger.of(30);
    const ctx = new FakeTriggerContext().for(big);
    t.onElement('x', 10, big, ctx);
    t.clear(big, ctx);
    expect([...ctx.timers]).toEqual(['event@0:100@99']);
    expect(ctx.state.size).toBe(0);
    ctx.watermark = 99;
    expect(t.onElement('x', 10, big, ctx)).toBe('FIRE');
  });

  it('keeps the earliest next firing when windows merge', () => {
    const t = ContinuousEventTimeTrigger.of(30);
    const ctx = new FakeTriggerContext();
    const a = new TimeWindow(0, 40);
    const b = new TimeWindow(35, 100);
    t.onElement('x', 5, a, ctx.for(a));
    t.onElement('y', 70, b, ctx.for(b));
    const merged = new TimeWindow(0, 100);
    ctx.mergedWindows = [a, b];
    t.onMerge(merged, ctx.for(merged));
    expect(ctx.state.get('fire-time@0:100')).toBe(30);
    expect(ctx.timers.has('event@0:100@30')).toBe(true);
    expect(ctx.timers.has('event@0:100@99')).toBe(true);
  });

  it('validates the interval', () => {
    expect(() => ContinuousEventTimeTrigger.of(0)).toThrow(/ContinuousEventTimeTrigger\.of: the interval must be/);
    expect(ContinuousEventTimeTrigger.of(5).toString()).toBe('ContinuousEventTimeTrigger(5)');
  });
});

describe('ContinuousProcessingTimeTrigger', () => {
  it('fires every interval of wall-clock time until the window end', () => {
    const t = ContinuousProcessingTimeTrigger.of(30);
    const win = new TimeWindow(0, 100);
    const ctx = new FakeTriggerContext().for(win);
    ctx.processingTime = 31;
    expect(t.onElement('x', -1, win, ctx)).toBe('CONTINUE');
    expect([...ctx.timers]).toEqual(['proc@0:100@60']);
    expect(t.onEventTime(60, win, ctx)).toBe('CONTINUE');
    expect(t.onProcessingTime(59, win, ctx)).toBe('CONTINUE');
    expect(t.onProcessingTime(60, win, ctx)).toBe('FIRE');
    expect(t.onProcessingTime(90, win, ctx)).toBe('FIRE');
    expect(t.onProcessingTime(99, win, ctx)).toBe('FIRE');
    t.clear(win, ctx);
    expect(ctx.state.size).toBe(0);
    expect(ctx.timers).toEqual(new Set(['proc@0:100@60', 'proc@0:100@90']));
    expect(() => ContinuousProcessingTimeTrigger.of(-1)).toThrow(JobDefinitionError);
  });
});

describe('NeverTrigger', () => {
  it('never fires and keeps nothing', () => {
    const ctx = new FakeTriggerContext().for(w);
    const t = NeverTrigger.create();
    expect([t.onElement('x', 1, w, ctx), t.onEventTime(9, w, ctx), t.onProcessingTime(9, w, ctx)]).toEqual([
      'CONTINUE',
      'CONTINUE',
      'CONTINUE',
    ]);
    t.clear(w, ctx);
    expect(ctx.timers.size + ctx.state.size).toBe(0);
  });
});
