import type { AnyKeySelector, InPlaceReduceFunction, ReduceFunction } from '@weir/core';

/*
 * The functions the combiners' specs fold with (local-reduce-operator, window-pre-aggregate-operator).
 */

export type WordCount = [string, number];

export const byWord: AnyKeySelector = (p: WordCount) => p[0];

export const sumCounts: ReduceFunction<unknown> = {
  reduce: (a, b) => [(a as WordCount)[0], (a as WordCount)[1] + (b as WordCount)[1]],
};

/** A sum that folds into its own copy of the first value: the inputs must stay as they were. */
export const sumInPlace: InPlaceReduceFunction<unknown> = {
  reduce: (x, y) => ({ n: (x as { n: number }).n + (y as { n: number }).n }),
  copyForAccumulator: (first) => ({ ...(first as { n: number }) }),
  reduceInPlace: (acc, value) => {
    (acc as { n: number }).n += (value as { n: number }).n;
    return acc;
  },
};

/** The same sum folding only the number, as `sum('n')` does: the combiner keeps `n` per key apart. */
export const sumNumberFold: InPlaceReduceFunction<unknown> = {
  ...sumInPlace,
  reduceInPlace: () => {
    throw new Error('a number fold folds the numbers, not the records');
  },
  numberFold: {
    readNumber: (value) => {
      const n = (value as { n: unknown }).n;
      if (typeof n !== 'number') throw new TypeError(`sum("n") needs a number in that field, not ${String(n)}.`);
      return n;
    },
    foldNumber: (accumulated, value) => accumulated + value,
    writeNumber: (accumulator, accumulated) => {
      (accumulator as { n: number }).n = accumulated;
      return accumulator;
    },
  },
};
