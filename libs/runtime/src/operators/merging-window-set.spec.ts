import { JobDefinitionError, RuntimeFailure } from '@weir/common';
import { EventTimeSessionWindows, GlobalWindow, TimeWindow, type ValueState } from '@weir/core';
import { MergingWindowSet, type WindowMerger } from './merging-window-set';

class MemoryValueState<T> implements ValueState<T> {
  stored: T | undefined;
  value(): T | undefined {
    return this.stored;
  }
  update(value: T): void {
    this.stored = value;
  }
  clear(): void {
    this.stored = undefined;
  }
}

const span = (w: TimeWindow | undefined) => (w === undefined ? 'none' : `[${w.start},${w.end})`);

/** Records every merge as "result (state window) <= merged windows / merged state windows". */
class RecordingMerger implements WindowMerger {
  readonly merges: string[] = [];
  mergeWindows(
    result: TimeWindow,
    merged: readonly TimeWindow[],
    stateWindow: TimeWindow,
    mergedStateWindows: readonly TimeWindow[],
  ): void {
    this.merges.push(
      `${span(result)} (${span(stateWindow)}) <= ${merged.map(span).join(' ')} / ${mergedStateWindows.map(span).join(' ')}`,
    );
  }
}

const sessions = EventTimeSessionWindows.withGap(10);

describe('MergingWindowSet', () => {
  it('keeps a window that merges with nothing as its own state window', () => {
    const state = new MemoryValueState<number[]>();
    const set = new MergingWindowSet(sessions, state);
    const merger = new RecordingMerger();
    expect(span(set.addWindow(new TimeWindow(0, 10), merger))).toBe('[0,10)');
    expect(span(set.addWindow(new TimeWindow(20, 30), merger))).toBe('[20,30)');
    expect(merger.merges).toEqual([]);
    expect(span(set.getStateWindow(new TimeWindow(20, 30)))).toBe('[20,30)');
    set.persist();
    expect(state.stored).toEqual([0, 10, 0, 10, 20, 30, 20, 30]);
  });

  it('merges into the state window of an in-flight window, so only the others move', () => {
    const state = new MemoryValueState<number[]>();
    const merger = new RecordingMerger();
    const set = new MergingWindowSet(sessions, state);
    set.addWindow(new TimeWindow(0, 10), merger);
    set.addWindow(new TimeWindow(20, 30), merger);
    expect(span(set.addWindow(new TimeWindow(5, 15), merger))).toBe('[0,15)');
    expect(merger.merges).toEqual(['[0,15) ([0,10)) <= [0,10) / ']);
    expect(span(set.addWindow(new TimeWindow(12, 22), merger))).toBe('[0,30)');
    expect(merger.merges[1]).toBe('[0,30) ([0,10)) <= [0,15) [20,30) / [20,30)');
    expect(span(set.getStateWindow(new TimeWindow(0, 30)))).toBe('[0,10)');
    expect(set.getStateWindow(new TimeWindow(0, 15))).toBeUndefined();
    set.persist();
    expect(state.stored).toEqual([0, 30, 0, 10]);
  });

  it('does not call the merger for a window inside an in-flight one', () => {
    const merger = new RecordingMerger();
    const set = new MergingWindowSet(sessions, new MemoryValueState());
    set.addWindow(new TimeWindow(0, 20), merger);
    expect(span(set.addWindow(new TimeWindow(5, 15), merger))).toBe('[0,20)');
    expect(span(set.addWindow(new TimeWindow(0, 20), merger))).toBe('[0,20)');
    expect(merger.merges).toEqual([]);
    expect([...set.windows()].map((w) => span(w.window))).toEqual(['[0,20)']);
  });

  it('reloads from its state, and persists only when something changed', () => {
    const state = new MemoryValueState<number[]>();
    state.stored = [0, 30, 0, 10];
    const set = new MergingWindowSet(sessions, state);
    expect(span(set.getStateWindow(new TimeWindow(0, 30)))).toBe('[0,10)');
    const before = state.stored;
    set.persist();
    expect(state.stored).toBe(before);
    set.retireWindow(new TimeWindow(0, 30));
    set.persist();
    expect(state.stored).toBeUndefined();
  });

  it('fails clearly on a window that is not in flight, or that is not a TimeWindow', () => {
    const set = new MergingWindowSet(sessions, new MemoryValueState());
    expect(() => set.retireWindow(new TimeWindow(0, 1))).toThrow(RuntimeFailure);
    expect(() => set.addWindow(GlobalWindow.INSTANCE as never, new RecordingMerger())).toThrow(JobDefinitionError);
  });
});
