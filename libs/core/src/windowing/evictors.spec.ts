import { JobDefinitionError, NO_TIMESTAMP } from '@weir/common';
import { CountEvictor } from './count-evictor';
import { DeltaEvictor } from './delta-evictor';
import type { EvictorContext, TimestampedValue } from './evictor';
import { TimeEvictor } from './time-evictor';
import { TimeWindow } from './window';

const w = new TimeWindow(0, 100);
const ctx: EvictorContext = { getCurrentProcessingTime: () => 0, getCurrentWatermark: () => 0 };

function elements(...pairs: [number, number][]): TimestampedValue<number>[] {
  return pairs.map(([value, timestamp]) => ({ value, timestamp }));
}
const values = (es: TimestampedValue<number>[]) => es.map((e) => e.value);

describe('CountEvictor', () => {
  const five = () => elements([1, 10], [2, 11], [3, 12], [4, 13], [5, 14]);

  it('keeps the last n elements before the function by default', () => {
    const e = CountEvictor.of(2);
    expect(values(e.evictBefore(five(), w, ctx))).toEqual([4, 5]);
    expect(values(e.evictAfter(five(), w, ctx))).toEqual([1, 2, 3, 4, 5]);
    expect(values(e.evictBefore(elements([1, 1]), w, ctx))).toEqual([1]);
    expect(values(CountEvictor.of(0).evictBefore(five(), w, ctx))).toEqual([]);
  });

  it('evicts after the function with doEvictAfter', () => {
    const e = CountEvictor.of(3, true);
    expect(values(e.evictBefore(five(), w, ctx))).toEqual([1, 2, 3, 4, 5]);
    expect(values(e.evictAfter(five(), w, ctx))).toEqual([3, 4, 5]);
  });

  it('validates the count', () => {
    expect(() => CountEvictor.of(-1)).toThrow(JobDefinitionError);
    expect(() => CountEvictor.of(1.5)).toThrow(/CountEvictor\.of: the count must be a whole number of at least 0/);
  });
});

describe('TimeEvictor', () => {
  it('keeps elements less than the size older than the newest one', () => {
    const e = TimeEvictor.of(10);
    const es = elements([1, 5], [2, 30], [3, 20], [4, 21], [5, 25]);
    expect(values(e.evictBefore(es, w, ctx))).toEqual([2, 4, 5]);
    expect(values(TimeEvictor.of(10, true).evictAfter(elements([1, -20], [2, -11], [3, -10]), w, ctx))).toEqual([2, 3]);
    expect(values(TimeEvictor.of(10, true).evictBefore(elements([1, 0], [2, 50]), w, ctx))).toEqual([1, 2]);
  });

  it('keeps everything when elements have no timestamps', () => {
    const es = elements([1, NO_TIMESTAMP], [2, NO_TIMESTAMP]);
    expect(values(TimeEvictor.of(0).evictBefore(es, w, ctx))).toEqual([1, 2]);
    expect(TimeEvictor.of(0).evictBefore([], w, ctx)).toEqual([]);
    expect(() => TimeEvictor.of(-1)).toThrow(/TimeEvictor\.of: the window size/);
  });
});

describe('DeltaEvictor', () => {
  it('drops elements whose delta to the last one reaches the threshold', () => {
    const e = DeltaEvictor.of(5, (a: number, b: number) => Math.abs(a - b));
    const es = elements([1, 0], [10, 0], [6, 0], [12, 0], [9, 0]);
    expect(values(e.evictBefore(es, w, ctx))).toEqual([10, 6, 12, 9]);
    expect(values(DeltaEvictor.of(3, (a: number, b: number) => b - a, true).evictAfter(es, w, ctx))).toEqual([
      10, 12, 9,
    ]);
    expect(e.evictBefore([], w, ctx)).toEqual([]);
  });

  it('validates its arguments', () => {
    expect(() => DeltaEvictor.of(NaN, () => 0)).toThrow(JobDefinitionError);
    expect(() => DeltaEvictor.of(1, 'x' as never)).toThrow(/delta function must be a function/);
  });
});
