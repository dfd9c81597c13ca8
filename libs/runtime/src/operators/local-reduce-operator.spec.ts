import { MAX_WATERMARK, NO_TIMESTAMP, RecordError } from '@weir/common';
import type { AnyKeySelector, ReduceFunction, RuntimeContext } from '@weir/core';
import { byWord, sumCounts, sumInPlace, sumNumberFold, type WordCount } from '../testing/combiner-test-functions';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { LOCAL_REDUCE_MAX_KEYS, LocalReduceOperator } from './local-reduce-operator';

async function open(
  options: { fn?: ReduceFunction<unknown>; keySelector?: AnyKeySelector; maxKeys?: number } = {},
): Promise<OperatorTestHarness> {
  const spec = {
    kind: 'localReduce',
    fn: options.fn ?? sumCounts,
    keySelector: options.keySelector ?? byWord,
  } as const;
  const harness = new OperatorTestHarness(new LocalReduceOperator(spec, options.maxKeys));
  await harness.open();
  return harness;
}

describe('LocalReduceOperator', () => {
  it('folds records per key and emits the partial results, latest timestamp each, before the final watermark', async () => {
    const harness = await open();
    harness.processElement(['b', 1], 20);
    harness.processElement(['a', 1], 10);
    harness.processElement(['b', 2], 40);
    harness.processElement(['b', 4], 30);
    harness.processWatermark(35);
    expect(harness.output).toEqual([]);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.output).toEqual([
      { kind: 'record', value: ['b', 7], timestamp: 40 },
      { kind: 'record', value: ['a', 1], timestamp: 10 },
      { kind: 'watermark', watermark: MAX_WATERMARK },
    ]);
  });

  it('sends everything on as soon as it would hold more than its bound of keys', async () => {
    const harness = await open({ maxKeys: 2 });
    harness.processElement(['a', 1], 1);
    harness.processElement(['b', 1], 2);
    harness.processElement(['a', 1], 3);
    expect(harness.records()).toEqual([]);
    harness.processElement(['c', 1], 4);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: ['a', 2], timestamp: 3 },
      { value: ['b', 1], timestamp: 2 },
    ]);
    harness.clearOutput();
    harness.processElement(['a', 5], 5);
    harness.processElement(['c', 1], 6);
    await harness.finish();
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: ['c', 2], timestamp: 6 },
      { value: ['a', 5], timestamp: 5 },
    ]);
  });

  it('folds into its own copy when the reduce can fold in place, never changing the input records', async () => {
    const harness = await open({ fn: sumInPlace, keySelector: () => 'k' });
    const inputs = [{ n: 1 }, { n: 2 }, { n: 3 }];
    for (const input of inputs) harness.processElement(input, NO_TIMESTAMP);
    await harness.finish();
    expect(harness.records()).toEqual([{ n: 6 }]);
    expect(inputs).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('folds only the number of a number fold, and writes it into its copy of the first record when it emits', async () => {
    const harness = await open({ fn: sumNumberFold, keySelector: (r: { k: string }) => r.k, maxKeys: 2 });
    const inputs = [
      { k: 'a', n: 1, first: true },
      { k: 'b', n: 2, first: true },
      { k: 'a', n: 3, first: false },
      { k: 'a', n: 4, first: false },
    ];
    harness.processElement(inputs[0], 5);
    harness.processElement(inputs[1], 3);
    harness.processElement(inputs[2], 9);
    harness.processElement(inputs[3], 7);
    harness.processElement({ k: 'c', n: 10 }, 1);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: { k: 'a', n: 8, first: true }, timestamp: 9 },
      { value: { k: 'b', n: 2, first: true }, timestamp: 3 },
    ]);
    harness.clearOutput();
    harness.processElement({ k: 'c', n: 5 }, 2);
    await harness.finish();
    expect(harness.recordsWithTimestamps()).toEqual([{ value: { k: 'c', n: 15 }, timestamp: 2 }]);
    expect(inputs.map((input) => input.n)).toEqual([1, 2, 3, 4]);
  });

  it('fails on a record without the number, the first of its key or a later one', async () => {
    const harness = await open({ fn: sumNumberFold, keySelector: () => 'k' });
    expect(() => harness.processElement({ n: 'one' })).toThrow('sum("n") needs a number in that field, not one.');
    harness.processElement({ n: 1 });
    expect(() => harness.processElement({})).toThrow('sum("n") needs a number in that field, not undefined.');
  });

  it('holds 100,000 keys by default', async () => {
    const harness = await open({ keySelector: (n: number) => n, fn: { reduce: (a) => a } });
    for (let n = 0; n < LOCAL_REDUCE_MAX_KEYS; n++) harness.processElement(n);
    expect(harness.records()).toEqual([]);
    harness.processElement(LOCAL_REDUCE_MAX_KEYS);
    expect(harness.records()).toHaveLength(LOCAL_REDUCE_MAX_KEYS);
  });

  it('emits on finish when no final watermark came, and nothing twice', async () => {
    const harness = await open();
    harness.processElement(['a', 1]);
    harness.processElement(['a', 2]);
    await harness.finish();
    expect(harness.recordsWithTimestamps()).toEqual([{ value: ['a', 3], timestamp: NO_TIMESTAMP }]);

    const afterWatermark = await open();
    afterWatermark.processElement(['a', 1], 1);
    afterWatermark.processWatermark(MAX_WATERMARK);
    await afterWatermark.finish();
    expect(afterWatermark.records()).toEqual([['a', 1]]);
  });

  it('folds tuple keys by value', async () => {
    const harness = await open({ keySelector: (p: WordCount) => [p[0], p[1] % 2] });
    harness.processElement(['a', 1]);
    harness.processElement(['a', 3]);
    harness.processElement(['a', 2]);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toEqual([
      ['a', 4],
      ['a', 2],
    ]);
  });

  it('opens and closes a rich reduce function with its own name', async () => {
    const calls: string[] = [];
    const harness = await open({
      fn: {
        ...sumCounts,
        open: (ctx: RuntimeContext) => calls.push(`open ${ctx.getTaskName()}`),
        close: () => calls.push('close'),
      },
    });
    await harness.close();
    expect(calls).toEqual(['open test-operator', 'close']);
  });

  it('rejects a bad key with a RecordError naming the operator', async () => {
    const harness = await open();
    expect(() => harness.processElement([null, 1])).toThrow(
      new RecordError(
        "The key selector of operator 'test-operator' returned null; a key must be a string, number, boolean, bigint or an array (tuple) of those.",
      ),
    );
  });
});
