/**
 * `sum`, `min`, `max`, `minBy` and `maxBy` on a field, as reduce functions (as Flink builds its
 * keyed and windowed aggregations). `sum`/`min`/`max` keep the first element's other fields and
 * update only the aggregated one; `minBy`/`maxBy` keep the whole element that holds the extreme
 * (the first one on ties). Elements are never mutated: what was emitted stays as it was.
 */
import type { InPlaceReduceFunction, NumberFold } from '@weir/core';
import { declarationError } from './declaration-site';
import { describeValue } from './user-functions';

/**
 * The fields of T that hold numbers: property names of an object type, or positions of a tuple
 * (`[string, number]` → `1`).
 */
export type NumericField<T> = T extends readonly unknown[]
  ? { [I in keyof T]: T[I] extends number ? (I extends `${infer N extends number}` ? N : never) : never }[number]
  : { [P in keyof T]-?: T[P] extends number ? P : never }[keyof T] & string;

export type FieldAggregationKind = 'sum' | 'min' | 'max' | 'minBy' | 'maxBy';

/** @internal The reduce function of `kind(field)`; the field is checked here, its values per element. */
export function fieldAggregation<T>(kind: FieldAggregationKind, field: NumericField<T>): InPlaceReduceFunction<T> {
  const name = field as unknown;
  const isField =
    (typeof name === 'string' && name !== '') || (typeof name === 'number' && Number.isSafeInteger(name) && name >= 0);
  if (!isField) {
    throw declarationError(
      `${kind}()`,
      `expects the name of a numeric field (or a tuple position), not ${describeValue(name)}.`,
    );
  }
  return new FieldAggregation<T>(kind, name as string | number);
}

class FieldAggregation<T> implements InPlaceReduceFunction<T>, NumberFold<T> {
  /** sum, min and max change only the field; minBy and maxBy pick whole elements. */
  readonly numberFold: NumberFold<T> | undefined;

  constructor(
    private readonly kind: FieldAggregationKind,
    private readonly field: string | number,
  ) {
    this.numberFold = kind === 'minBy' || kind === 'maxBy' ? undefined : this;
  }

  reduce(a: T, b: T): T {
    const x = this.read(a);
    const y = this.read(b);
    switch (this.kind) {
      case 'sum':
        return this.withField(a, x + y);
      case 'min':
        return y < x ? this.withField(a, y) : a;
      case 'max':
        return y > x ? this.withField(a, y) : a;
      case 'minBy':
        return y < x ? b : a;
      case 'maxBy':
        return y > x ? b : a;
    }
  }

  copyForAccumulator(first: T): T {
    return this.withField(first, this.read(first));
  }

  reduceInPlace(accumulator: T, value: T): T {
    if (this.numberFold === undefined) return this.reduce(accumulator, value);
    return this.setField(accumulator, this.foldNumber(this.read(accumulator), this.read(value)));
  }

  readNumber(value: T): number {
    return this.read(value);
  }

  foldNumber(accumulated: number, value: number): number {
    switch (this.kind) {
      case 'sum':
        return accumulated + value;
      case 'min':
        return value < accumulated ? value : accumulated;
      case 'max':
        return value > accumulated ? value : accumulated;
      case 'minBy':
      case 'maxBy':
        throw new TypeError(`${this.kind}() keeps whole elements; it folds no number alone.`);
    }
  }

  writeNumber(accumulator: T, accumulated: number): T {
    return this.setField(accumulator, accumulated);
  }

  private setField(element: T, value: number): T {
    (element as Record<string | number, unknown>)[this.field] = value;
    return element;
  }

  private read(element: T): number {
    const value = (element as Record<string | number, unknown>)[this.field];
    if (typeof value !== 'number') {
      throw new TypeError(
        `${this.kind}(${JSON.stringify(this.field)}) needs a number in that field, but an element holds ` +
          `${typeof value === 'string' ? JSON.stringify(value) : value !== null && typeof value === 'object' ? 'an object' : String(value)} there.`,
      );
    }
    return value;
  }

  /** A copy of `element` (same prototype, or an array for tuples) with the field set to `value`. */
  private withField(element: T, value: number): T {
    // Object spread is V8's fast clone for plain objects; class instances keep their prototype.
    const copy = Array.isArray(element)
      ? element.slice()
      : Object.getPrototypeOf(element) === Object.prototype
        ? { ...(element as object) }
        : Object.assign(Object.create(Object.getPrototypeOf(element) as object | null) as object, element);
    return this.setField(copy as T, value);
  }
}
