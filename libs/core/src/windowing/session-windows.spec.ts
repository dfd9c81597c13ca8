import { JobDefinitionError, NO_TIMESTAMP, RecordError } from '@weir/common';
import { EventTimeSessionWindows } from './event-time-session-windows';
import { EventTimeTrigger } from './event-time-trigger';
import { ProcessingTimeSessionWindows } from './processing-time-session-windows';
import { ProcessingTimeTrigger } from './processing-time-trigger';
import { GlobalWindows } from './global-windows';
import { TumblingEventTimeWindows } from './tumbling-event-time-windows';
import { GlobalWindow, TimeWindow, type Window } from './window';
import type { WindowAssigner, WindowAssignerContext } from './window-assigner';

const noClock: WindowAssignerContext = {
  getCurrentProcessingTime: () => {
    throw new Error('an event-time assigner must not read the clock');
  },
};

function merges(windows: TimeWindow[]): string[] {
  const out: string[] = [];
  EventTimeSessionWindows.withGap(1).mergeWindows(windows, (merged, result) =>
    out.push(`${merged.map((w) => `[${w.start},${w.end})`).join('+')} => [${result.start},${result.end})`),
  );
  return out;
}

describe('EventTimeSessionWindows', () => {
  it('opens [timestamp, timestamp + gap) for each element', () => {
    const a = EventTimeSessionWindows.withGap(10);
    expect(a.assignWindows('x', 7, noClock)).toEqual([new TimeWindow(7, 17)]);
    expect(a.assignWindows('x', -3, noClock)).toEqual([new TimeWindow(-3, 7)]);
    expect(a.isEventTime()).toBe(true);
    expect(a.getDefaultTrigger()).toBe(EventTimeTrigger.create());
    expect(a.toString()).toBe('EventTimeSessionWindows(10)');
  });

  it('takes the gap from each element with withDynamicGap', () => {
    const a = EventTimeSessionWindows.withDynamicGap((e: { gap: number }) => e.gap);
    expect(a.assignWindows({ gap: 5 }, 100, noClock)).toEqual([new TimeWindow(100, 105)]);
    expect(a.assignWindows({ gap: 50 }, 100, noClock)).toEqual([new TimeWindow(100, 150)]);
    expect(a.toString()).toBe('EventTimeSessionWindows(dynamic gap)');
  });

  it('rejects a dynamic gap that is not positive, and records without timestamps', () => {
    const a = EventTimeSessionWindows.withDynamicGap((e: number) => e);
    expect(() => a.assignWindows(0, 100, noClock)).toThrow(RecordError);
    expect(() => a.assignWindows(-5, 100, noClock)).toThrow(/gap extractor .* returned -5/);
    expect(() => a.assignWindows(NaN, 100, noClock)).toThrow(RecordError);
    expect(() => EventTimeSessionWindows.withGap(10).assignWindows('x', NO_TIMESTAMP, noClock)).toThrow(
      /without a timestamp/,
    );
  });

  it('validates the static gap', () => {
    expect(() => EventTimeSessionWindows.withGap(0)).toThrow(JobDefinitionError);
    expect(() => EventTimeSessionWindows.withGap(-1)).toThrow(/EventTimeSessionWindows\.withGap: the gap must be/);
  });
});

describe('session window merging', () => {
  it('merges overlapping and touching windows, in start order, and reports each group once', () => {
    expect(
      merges([new TimeWindow(10, 20), new TimeWindow(0, 5), new TimeWindow(15, 25), new TimeWindow(5, 8)]),
    ).toEqual(['[0,5)+[5,8) => [0,8)', '[10,20)+[15,25) => [10,25)']);
  });

  it('does not merge windows with a gap between them, nor a single window', () => {
    expect(merges([new TimeWindow(0, 5), new TimeWindow(6, 10)])).toEqual([]);
    expect(merges([new TimeWindow(0, 5)])).toEqual([]);
    expect(merges([])).toEqual([]);
  });

  it('chains merges through a window that bridges two sessions', () => {
    expect(merges([new TimeWindow(0, 10), new TimeWindow(20, 30), new TimeWindow(8, 22)])).toEqual([
      '[0,10)+[8,22)+[20,30) => [0,30)',
    ]);
  });

  it('keeps a window contained in another inside the larger one', () => {
    expect(merges([new TimeWindow(0, 100), new TimeWindow(10, 20), new TimeWindow(-5, 1)])).toEqual([
      '[-5,1)+[0,100)+[10,20) => [-5,100)',
    ]);
  });

  it('does not reorder the caller array', () => {
    const windows = [new TimeWindow(10, 20), new TimeWindow(0, 12)];
    merges(windows);
    expect(windows).toEqual([new TimeWindow(10, 20), new TimeWindow(0, 12)]);
  });
});

describe('ProcessingTimeSessionWindows', () => {
  it('opens sessions at the current processing time', () => {
    const clock: WindowAssignerContext = { getCurrentProcessingTime: () => 1000 };
    const a = ProcessingTimeSessionWindows.withGap(50);
    expect(a.assignWindows('x', NO_TIMESTAMP, clock)).toEqual([new TimeWindow(1000, 1050)]);
    expect(a.isEventTime()).toBe(false);
    expect(a.getDefaultTrigger()).toBe(ProcessingTimeTrigger.create());
    const dynamic = ProcessingTimeSessionWindows.withDynamicGap((e: string) => e.length);
    expect(dynamic.assignWindows('abc', 5, clock)).toEqual([new TimeWindow(1000, 1003)]);
    expect(() => ProcessingTimeSessionWindows.withGap(0)).toThrow(/ProcessingTimeSessionWindows\.withGap/);
  });
});

describe('type inference', () => {
  interface Click {
    page: string;
    gap: number;
  }
  // The shape of KeyedStream<T>.window(): T comes from the stream, W from the assigner.
  class Stream<T> {
    window<W extends Window>(assigner: WindowAssigner<T, W>): W[] {
      return [...assigner.assignWindows(this.element, 1, { getCurrentProcessingTime: () => 0 })];
    }
    constructor(private readonly element: T) {}
  }

  it('fits assigners to any stream without type arguments, and types the dynamic gap extractor', () => {
    const clicks = new Stream<Click>({ page: 'a', gap: 4 });
    const tumbling: TimeWindow[] = clicks.window(TumblingEventTimeWindows.of(10));
    const sessions: TimeWindow[] = clicks.window(EventTimeSessionWindows.withGap(5));
    const dynamic: TimeWindow[] = clicks.window(EventTimeSessionWindows.withDynamicGap((c) => c.gap));
    const global: GlobalWindow[] = clicks.window(GlobalWindows.create());
    expect([tumbling, sessions, dynamic, global]).toEqual([
      [new TimeWindow(0, 10)],
      [new TimeWindow(1, 6)],
      [new TimeWindow(1, 5)],
      [GlobalWindow.INSTANCE],
    ]);
  });
});
