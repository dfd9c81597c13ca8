import { JobDefinitionError } from '@weir/common';
import { fieldAggregation, type NumericField } from './field-aggregation';

interface Reading {
  sensor: string;
  value: number;
  at: number;
}
const a: Reading = { sensor: 'a', value: 5, at: 1 };
const b: Reading = { sensor: 'b', value: 3, at: 2 };
const c: Reading = { sensor: 'c', value: 5, at: 3 };

describe('fieldAggregation', () => {
  it('sum adds the field and keeps the first element’s other fields, without mutating', () => {
    expect(fieldAggregation<Reading>('sum', 'value').reduce(a, b)).toEqual({ sensor: 'a', value: 8, at: 1 });
    expect(a).toEqual({ sensor: 'a', value: 5, at: 1 });
  });

  it('folds in place into its own copy, with the same results as reduce and the inputs untouched', () => {
    for (const kind of ['sum', 'min', 'max', 'minBy', 'maxBy'] as const) {
      const fn = fieldAggregation<Reading>(kind, 'value');
      const acc = fn.copyForAccumulator(a);
      expect(acc).not.toBe(a);
      const folded = fn.reduceInPlace(fn.reduceInPlace(acc, b), c);
      expect(folded).toEqual(fn.reduce(fn.reduce(a, b), c));
    }
    expect([a, b, c]).toEqual([
      { sensor: 'a', value: 5, at: 1 },
      { sensor: 'b', value: 3, at: 2 },
      { sensor: 'c', value: 5, at: 3 },
    ]);
  });

  it('sum, min and max fold the number alone as reduce does; minBy and maxBy have no number fold', () => {
    for (const kind of ['sum', 'min', 'max'] as const) {
      const fn = fieldAggregation<Reading>(kind, 'value');
      const fold = fn.numberFold!;
      const number = fold.foldNumber(fold.foldNumber(fold.readNumber(a), fold.readNumber(b)), fold.readNumber(c));
      expect(fold.writeNumber(fn.copyForAccumulator(a), number)).toEqual(fn.reduce(fn.reduce(a, b), c));
    }
    expect(a).toEqual({ sensor: 'a', value: 5, at: 1 });
    expect(fieldAggregation<Reading>('minBy', 'value').numberFold).toBeUndefined();
    expect(fieldAggregation<Reading>('maxBy', 'value').numberFold).toBeUndefined();
    expect(() =>
      fieldAggregation<Reading>('sum', 'value').numberFold!.readNumber({ ...a, value: 'x' as never }),
    ).toThrow('sum("value") needs a number in that field');
  });

  it('min and max update only the field', () => {
    expect(fieldAggregation<Reading>('min', 'value').reduce(a, b)).toEqual({ sensor: 'a', value: 3, at: 1 });
    expect(fieldAggregation<Reading>('max', 'value').reduce(b, a)).toEqual({ sensor: 'b', value: 5, at: 2 });
    expect(fieldAggregation<Reading>('max', 'value').reduce(a, b)).toBe(a);
  });

  it('minBy and maxBy keep the whole extreme element, the first of equal ones', () => {
    expect(fieldAggregation<Reading>('minBy', 'value').reduce(a, b)).toBe(b);
    expect(fieldAggregation<Reading>('maxBy', 'value').reduce(a, c)).toBe(a);
    expect(fieldAggregation<Reading>('maxBy', 'value').reduce(b, c)).toBe(c);
  });

  it('works on tuple positions and keeps a class instance’s prototype', () => {
    expect(fieldAggregation<[string, number]>('sum', 1).reduce(['x', 1], ['y', 2])).toEqual(['x', 3]);
    class Point {
      constructor(
        readonly x: number,
        readonly label: string,
      ) {}
    }
    const sum = fieldAggregation<Point>('sum', 'x').reduce(new Point(1, 'p'), new Point(2, 'q'));
    expect(sum).toBeInstanceOf(Point);
    expect(sum).toEqual(new Point(3, 'p'));
  });

  it('names the field when an element holds no number there', () => {
    const sum = fieldAggregation<Reading>('sum', 'value');
    expect(() => sum.reduce(a, { ...b, value: '3' as unknown as number })).toThrow(
      'sum("value") needs a number in that field, but an element holds "3" there.',
    );
  });

  it('rejects a field that cannot be one at declaration', () => {
    expect(() => fieldAggregation<Reading>('sum', '' as NumericField<Reading>)).toThrow(JobDefinitionError);
    expect(() => fieldAggregation<[number]>('sum', -1 as NumericField<[number]>)).toThrow(
      'expects the name of a numeric field (or a tuple position), not number -1.',
    );
  });
});
