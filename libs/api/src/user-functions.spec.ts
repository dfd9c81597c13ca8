import { JobDefinitionError } from '@weir/common';
import type { Collector, FlatMapFunction, MapFunction, ProcessWindowFunction, TimeWindow } from '@weir/core';
import {
  checkKeySelector,
  describeValue,
  toCoFlatMapFunction,
  toCoMapFunction,
  toFlatMapFunction,
  toMapFunction,
  toProcessAllWindowFunction,
  toProcessJoinFunction,
} from './user-functions';

function collect<R>(run: (out: Collector<R>) => void): R[] {
  const values: R[] = [];
  run({ collect: (v) => values.push(v) });
  return values;
}

describe('the lambda forms', () => {
  it('become the interface form the runtime calls', () => {
    expect(toMapFunction((x: number) => x + 1, 'map()').map(1)).toBe(2);
    const join = toProcessJoinFunction((a: number, b: string) => `${a}${b}`, 'process()');
    expect(collect<string>((out) => join.processElement(1, 'a', {} as never, out))).toEqual(['1a']);
    const coMap = toCoMapFunction(
      (a: number) => a * 2,
      (b: string) => b.length,
      'map()',
    );
    expect([coMap.map1(2), coMap.map2('abc')]).toEqual([4, 3]);
  });

  it('keep an object form as it is, with its open/close', () => {
    const fn: MapFunction<number, number> = { map: (x) => x, open: () => undefined };
    expect(toMapFunction(fn, 'map()')).toBe(fn);
  });

  it('flatMap emits every element of an array, a Set or a generator', () => {
    const flatMap = toFlatMapFunction((x: number) => [x, x], 'flatMap()');
    expect(collect<number>((out) => flatMap.flatMap(1, out))).toEqual([1, 1]);
    const fromSet = toFlatMapFunction((x: number) => new Set([x, x + 1]), 'flatMap()');
    expect(collect<number>((out) => fromSet.flatMap(1, out))).toEqual([1, 2]);
    const fromGenerator = toFlatMapFunction(function* (x: number) {
      yield x;
      yield -x;
    }, 'flatMap()');
    expect(collect<number>((out) => fromGenerator.flatMap(3, out))).toEqual([3, -3]);
  });

  it('flatMap says so when the lambda returns no iterable', () => {
    const flatMap = toFlatMapFunction((() => 5) as unknown as (x: number) => number[], 'flatMap()');
    expect(() => flatMap.flatMap(1, { collect: () => undefined })).toThrow(
      'A flatMap function must return an iterable (an array, a Set, a generator…), not number 5.',
    );
  });

  it('co-flatMap takes one iterable-returning lambda per input', () => {
    const fn = toCoFlatMapFunction<number, string, number | string>(
      (a: number) => [a],
      (b: string) => b.split(''),
      'flatMap()',
    );
    expect(collect<string | number>((out) => (fn.flatMap1(1, out), fn.flatMap2('xy', out)))).toEqual([1, 'x', 'y']);
  });

  it('the all-window form ignores the key it is given', () => {
    const fn = toProcessAllWindowFunction<number, number, TimeWindow>((_ctx, elements, out) => {
      for (const e of elements) out.collect(e * 2);
    }, 'process()');
    const pwf = fn as ProcessWindowFunction<number, number, never, TimeWindow>;
    expect(collect<number>((out) => pwf.process(undefined as never, {} as never, [1, 2], out))).toEqual([2, 4]);
  });
});

describe('wrong arguments', () => {
  it('are rejected at declaration with what was expected', () => {
    expect(() => toMapFunction('x' as unknown as MapFunction<number, number>, 'map()')).toThrow(JobDefinitionError);
    expect(() => toMapFunction('x' as unknown as MapFunction<number, number>, 'map()')).toThrow(
      /^map\(\) \(declared at libs\/api\/src\/user-functions\.spec\.ts:\d+\): expects a function \(value\) => result or an object with map\(\), not the string "x"\.$/,
    );
    expect(() =>
      toFlatMapFunction({ map: () => 1 } as unknown as FlatMapFunction<number, number>, 'flatMap()'),
    ).toThrow(
      'expects a function (value) => iterable or an object with flatMap(), not an object (it has no flatMap()).',
    );
    expect(() => toCoMapFunction((a: number) => a, undefined, 'map()')).toThrow(
      'given a function for the first input, it needs one for the second input too, not undefined.',
    );
    expect(() => checkKeySelector(42 as unknown as (v: unknown) => string, 'keyBy()')).toThrow(
      'the key selector must be a function (value) => key, not number 42.',
    );
  });

  it('are described readably', () => {
    class Parser {}
    expect([null, undefined, [], {}, new Parser(), 'a', () => 1, 3n].map(describeValue)).toEqual([
      'null',
      'undefined',
      'an array',
      'an object',
      'an instance of Parser',
      'the string "a"',
      'a function',
      'bigint 3',
    ]);
  });
});
