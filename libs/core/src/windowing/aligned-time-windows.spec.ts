import { JobDefinitionError, NO_TIMESTAMP, RecordError, Time } from '@weir/common';
import { EventTimeTrigger } from './event-time-trigger';
import { ProcessingTimeTrigger } from './processing-time-trigger';
import { SlidingEventTimeWindows } from './sliding-event-time-windows';
import { SlidingProcessingTimeWindows } from './sliding-processing-time-windows';
import { TumblingEventTimeWindows } from './tumbling-event-time-windows';
import { TumblingProcessingTimeWindows } from './tumbling-processing-time-windows';
import type { TimeWindow } from './window';
import type { WindowAssignerContext } from './window-assigner';

const noClock: WindowAssignerContext = {
  getCurrentProcessingTime: () => {
    throw new Error('an event-time assigner must not read the clock');
  },
};

function spans(windows: readonly TimeWindow[]): [number, number][] {
  return windows.map((w) => [w.start, w.end]);
}

/** The windows of `size` every `slide` that contain `t`, by brute force over all starts. */
function expectedWindows(t: number, size: number, slide: number, offset: number): [number, number][] {
  const out: [number, number][] = [];
  const first = Math.floor((t - size - offset) / slide) * slide + offset;
  for (let start = first; start <= t; start += slide)
    if (start <= t && t < start + size) out.push([start, start + size]);
  return out.reverse();
}

describe('TumblingEventTimeWindows', () => {
  const assign = (a: TumblingEventTimeWindows, t: number) => spans(a.assignWindows('x', t, noClock));

  it('puts each timestamp into the one window [start, start + size)', () => {
    const a = TumblingEventTimeWindows.of(Time.seconds(5));
    expect(assign(a, 0)).toEqual([[0, 5000]]);
    expect(assign(a, 4999)).toEqual([[0, 5000]]);
    expect(assign(a, 5000)).toEqual([[5000, 10000]]);
    expect(assign(a, 12345)).toEqual([[10000, 15000]]);
  });

  it('assigns negative timestamps to the window below them', () => {
    const a = TumblingEventTimeWindows.of(5);
    expect(assign(a, -1)).toEqual([[-5, 0]]);
    expect(assign(a, -5)).toEqual([[-5, 0]]);
    expect(assign(a, -6)).toEqual([[-10, -5]]);
  });

  it('shifts windows by the offset, positive and negative', () => {
    expect(assign(TumblingEventTimeWindows.of(10, 3), 2)).toEqual([[-7, 3]]);
    expect(assign(TumblingEventTimeWindows.of(10, 3), 3)).toEqual([[3, 13]]);
    expect(assign(TumblingEventTimeWindows.of(10, -3), 6)).toEqual([[-3, 7]]);
    expect(assign(TumblingEventTimeWindows.of(10, -3), 7)).toEqual([[7, 17]]);
    expect(assign(TumblingEventTimeWindows.of(Time.days(1), -Time.hours(8)), Time.hours(20))).toEqual([
      [Time.hours(16), Time.hours(40)],
    ]);
  });

  it('returns the same array and windows while timestamps stay in one window', () => {
    const a = TumblingEventTimeWindows.of(10);
    const first = a.assignWindows('x', 11, noClock);
    expect(a.assignWindows('x', 19, noClock)).toBe(first);
    expect(a.assignWindows('x', 10, noClock)).toBe(first);
    const next = a.assignWindows('x', 20, noClock);
    expect(next).not.toBe(first);
    expect(spans(next)).toEqual([[20, 30]]);
    expect(spans(a.assignWindows('x', 9, noClock))).toEqual([[0, 10]]);
  });

  it('rejects a record without a timestamp with a clear error', () => {
    const a = TumblingEventTimeWindows.of(10);
    expect(() => a.assignWindows('x', NO_TIMESTAMP, noClock)).toThrow(RecordError);
    expect(() => a.assignWindows('x', NO_TIMESTAMP, noClock)).toThrow(
      /without a timestamp.*assignTimestampsAndWatermarks/,
    );
  });

  it('validates its arguments', () => {
    expect(() => TumblingEventTimeWindows.of(0)).toThrow(JobDefinitionError);
    expect(() => TumblingEventTimeWindows.of(-1000)).toThrow(
      /TumblingEventTimeWindows\.of: the size must be .* not -1000/,
    );
    expect(() => TumblingEventTimeWindows.of(1.5)).toThrow(JobDefinitionError);
    expect(() => TumblingEventTimeWindows.of(10, 10)).toThrow(/\|offset\| < the size \(10\), not 10/);
    expect(() => TumblingEventTimeWindows.of(10, -10)).toThrow(JobDefinitionError);
    expect(() => TumblingEventTimeWindows.of(10, 9)).not.toThrow();
  });

  it('is an event-time assigner with the EventTimeTrigger', () => {
    const a = TumblingEventTimeWindows.of(10);
    expect(a.isEventTime()).toBe(true);
    expect(a.getDefaultTrigger()).toBe(EventTimeTrigger.create());
    expect(a.toString()).toBe('TumblingEventTimeWindows(10)');
  });
});

describe('SlidingEventTimeWindows', () => {
  const assign = (a: SlidingEventTimeWindows, t: number) => spans(a.assignWindows('x', t, noClock));

  it('puts each timestamp into size / slide windows, latest start first', () => {
    const a = SlidingEventTimeWindows.of(Time.seconds(10), Time.seconds(5));
    expect(assign(a, 0)).toEqual([
      [0, 10000],
      [-5000, 5000],
    ]);
    expect(assign(a, 7000)).toEqual([
      [5000, 15000],
      [0, 10000],
    ]);
  });

  it('handles negative timestamps and offsets', () => {
    expect(assign(SlidingEventTimeWindows.of(6, 2), -1)).toEqual([
      [-2, 4],
      [-4, 2],
      [-6, 0],
    ]);
    expect(assign(SlidingEventTimeWindows.of(6, 2, 1), 0)).toEqual([
      [-1, 5],
      [-3, 3],
      [-5, 1],
    ]);
    expect(assign(SlidingEventTimeWindows.of(6, 2, -1), 0)).toEqual([
      [-1, 5],
      [-3, 3],
      [-5, 1],
    ]);
  });

  it('leaves elements between windows unassigned when slide > size', () => {
    const a = SlidingEventTimeWindows.of(3, 5);
    expect(assign(a, 2)).toEqual([[0, 3]]);
    expect(assign(a, 3)).toEqual([]);
    expect(assign(a, 4)).toEqual([]);
    expect(assign(a, 5)).toEqual([[5, 8]]);
    expect(assign(a, -3)).toEqual([[-5, -2]]);
    expect(assign(a, -1)).toEqual([]);
  });

  it('matches a brute-force assignment for every timestamp, in any order (cache included)', () => {
    const shapes: [number, number, number][] = [
      [10, 3, 0],
      [10, 3, 2],
      [10, 5, -4],
      [7, 7, 3],
      [3, 5, 1],
      [9, 2, -1],
    ];
    for (const [size, slide, offset] of shapes) {
      const a = SlidingEventTimeWindows.of(size, slide, offset);
      const times = [...Array(60).keys()].map((i) => i - 30);
      for (const t of [...times, ...times.reverse(), 17, -4, 17, 18, 3]) {
        expect([size, slide, offset, t, assign(a, t)]).toEqual([
          size,
          slide,
          offset,
          t,
          expectedWindows(t, size, slide, offset),
        ]);
      }
    }
  });

  it('returns the same array while the set of windows does not change', () => {
    const a = SlidingEventTimeWindows.of(10, 5);
    const first = a.assignWindows('x', 5, noClock);
    expect(a.assignWindows('x', 9, noClock)).toBe(first);
    expect(a.assignWindows('x', 10, noClock)).not.toBe(first);
  });

  it('validates its arguments', () => {
    expect(() => SlidingEventTimeWindows.of(0, 5)).toThrow(/the size must be/);
    expect(() => SlidingEventTimeWindows.of(10, 0)).toThrow(/SlidingEventTimeWindows\.of: the slide must be .* not 0/);
    expect(() => SlidingEventTimeWindows.of(10, -5)).toThrow(JobDefinitionError);
    expect(() => SlidingEventTimeWindows.of(10, 5, 5)).toThrow(/\|offset\| < the slide \(5\)/);
    expect(() => SlidingEventTimeWindows.of(10, 20)).not.toThrow();
  });
});

describe('processing-time twins', () => {
  it('assign by the clock, not by the record timestamp', () => {
    let now = 12;
    const clock: WindowAssignerContext = { getCurrentProcessingTime: () => now };
    const tumbling = TumblingProcessingTimeWindows.of(10);
    expect(spans(tumbling.assignWindows('x', NO_TIMESTAMP, clock))).toEqual([[10, 20]]);
    now = 25;
    expect(spans(tumbling.assignWindows('x', 3, clock))).toEqual([[20, 30]]);
    const sliding = SlidingProcessingTimeWindows.of(10, 5, 1);
    expect(spans(sliding.assignWindows('x', NO_TIMESTAMP, clock))).toEqual([
      [21, 31],
      [16, 26],
    ]);
  });

  it('use the ProcessingTimeTrigger and are not event time', () => {
    for (const a of [TumblingProcessingTimeWindows.of(10), SlidingProcessingTimeWindows.of(10, 5)]) {
      expect(a.isEventTime()).toBe(false);
      expect(a.getDefaultTrigger()).toBe(ProcessingTimeTrigger.create());
    }
    expect(() => TumblingProcessingTimeWindows.of(-1)).toThrow(/TumblingProcessingTimeWindows\.of/);
    expect(() => SlidingProcessingTimeWindows.of(10, 5, 7)).toThrow(/SlidingProcessingTimeWindows\.of/);
  });
});
