import { planSplits } from './jdbc-split';

const ranges = (lowerBound: number, upperBound: number, numPartitions: number) =>
  planSplits({ lowerBound, upperBound, numPartitions }).map((s) => [s.lower, s.upper]);

describe('planSplits', () => {
  it('reads an unpartitioned query as one split', () => {
    expect(planSplits(undefined)).toEqual([{ splitId: 'all', lower: undefined, upper: undefined, offset: 0 }]);
  });

  it('cuts an integral range into equal ranges, open at both ends', () => {
    expect(ranges(1, 100, 4)).toEqual([
      [undefined, 26],
      [26, 51],
      [51, 76],
      [76, undefined],
    ]);
    expect(planSplits({ lowerBound: 1, upperBound: 100, numPartitions: 4 }).map((s) => s.splitId)).toEqual([
      'range-0',
      'range-1',
      'range-2',
      'range-3',
    ]);
  });

  it('cuts uneven widths as evenly as whole numbers allow', () => {
    expect(ranges(0, 9, 3)).toEqual([
      [undefined, 3],
      [3, 6],
      [6, undefined],
    ]);
  });

  it('never makes more ranges than there are whole values', () => {
    expect(ranges(5, 7, 10)).toEqual([
      [undefined, 6],
      [6, 7],
      [7, undefined],
    ]);
    expect(ranges(5, 5, 4)).toEqual([[undefined, undefined]]);
  });

  it('cuts a fractional range at fractional points', () => {
    expect(ranges(0, 1.5, 3)).toEqual([
      [undefined, 0.5],
      [0.5, 1],
      [1, undefined],
    ]);
  });

  it('covers every value exactly once: each value falls in one range', () => {
    const splits = planSplits({ lowerBound: -17, upperBound: 1234, numPartitions: 7 });
    for (let v = -100; v < 1400; v++) {
      const owners = splits.filter(
        (s) => (s.lower === undefined || v >= s.lower) && (s.upper === undefined || v < s.upper),
      );
      expect(owners).toHaveLength(1);
    }
  });
});
