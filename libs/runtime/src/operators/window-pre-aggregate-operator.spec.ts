import { MAX_WATERMARK, NO_TIMESTAMP, RecordError } from '@weir/common';
import { TumblingEventTimeWindows, type AggregateFunction, type AnyKeySelector, type WindowFold } from '@weir/core';
import { byWord, sumCounts, sumInPlace, type WordCount } from '../testing/combiner-test-functions';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { WindowPreAggregateOperator } from './window-pre-aggregate-operator';

const average: AggregateFunction<unknown, { n: number; total: number }, number> = {
  createAccumulator: () => ({ n: 0, total: 0 }),
  add: (p, acc) => ({ n: acc.n + 1, total: acc.total + (p as WordCount)[1] }),
  getResult: (acc) => acc.total / acc.n,
  merge: (a, b) => ({ n: a.n + b.n, total: a.total + b.total }),
};

async function open(
  options: { fold?: WindowFold; keySelector?: AnyKeySelector; maxPartials?: number } = {},
): Promise<OperatorTestHarness> {
  const spec = {
    kind: 'windowPreAggregate',
    keySelector: options.keySelector ?? byWord,
    assigner: TumblingEventTimeWindows.of(10),
    fold: options.fold ?? { kind: 'reduce', reduce: sumCounts },
  } as const;
  const harness = new OperatorTestHarness(new WindowPreAggregateOperator(spec, options.maxPartials));
  await harness.open();
  return harness;
}

describe('WindowPreAggregateOperator', () => {
  it("folds records per key and window, and sends each window's partials just before the watermark that closes it", async () => {
    const harness = await open();
    harness.processElement(['b', 1], 2);
    harness.processElement(['a', 1], 3);
    harness.processElement(['b', 2], 14);
    harness.processElement(['b', 4], 5);
    harness.processWatermark(8);
    expect(harness.output).toEqual([{ kind: 'watermark', watermark: 8 }]);
    harness.clearOutput();
    harness.processWatermark(9);
    expect(harness.output).toEqual([
      { kind: 'record', value: { key: 'b', partial: ['b', 5] }, timestamp: 9 },
      { kind: 'record', value: { key: 'a', partial: ['a', 1] }, timestamp: 9 },
      { kind: 'watermark', watermark: 9 },
    ]);
    harness.clearOutput();
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.output).toEqual([
      { kind: 'record', value: { key: 'b', partial: ['b', 2] }, timestamp: 19 },
      { kind: 'watermark', watermark: MAX_WATERMARK },
    ]);
  });

  it('folds records of a key into the partial of the window each falls in, whatever their order', async () => {
    const harness = await open();
    harness.processElement(['a', 1], 1);
    harness.processElement(['b', 1], 2);
    harness.processElement(['b', 2], 3);
    harness.processElement(['b', 4], 12);
    harness.processElement(['b', 8], 4);
    harness.processElement(['a', 16], 5);
    await harness.finish();
    expect(harness.records()).toEqual([
      { key: 'a', partial: ['a', 17] },
      { key: 'b', partial: ['b', 11] },
      { key: 'b', partial: ['b', 4] },
    ]);
  });

  it('folds with an aggregate into accumulators, which are what it sends', async () => {
    const harness = await open({ fold: { kind: 'aggregate', aggregate: average } });
    harness.processElement(['a', 1], 1);
    harness.processElement(['a', 3], 2);
    await harness.finish();
    expect(harness.records()).toEqual([{ key: 'a', partial: { n: 2, total: 4 } }]);
  });

  it('sends a record for a window it already closed on at once, alone, so that downstream judges its lateness', async () => {
    const harness = await open();
    harness.processElement(['a', 1], 1);
    harness.processWatermark(12);
    harness.clearOutput();
    harness.processElement(['a', 7], 4);
    harness.processElement(['a', 1], 13);
    expect(harness.output).toEqual([{ kind: 'record', value: { key: 'a', partial: ['a', 7] }, timestamp: 9 }]);
  });

  it('sends everything it holds before its input goes idle, since the window stops waiting for an idle input', async () => {
    const harness = await open();
    harness.processElement(['a', 1], 1);
    harness.processWatermarkStatus(true);
    expect(harness.output).toEqual([
      { kind: 'record', value: { key: 'a', partial: ['a', 1] }, timestamp: 9 },
      { kind: 'status', idle: true },
    ]);
  });

  it('sends everything early rather than hold more than its bound of partials', async () => {
    const harness = await open({ maxPartials: 2 });
    harness.processElement(['a', 1], 1);
    harness.processElement(['b', 1], 12);
    harness.processElement(['a', 1], 2);
    expect(harness.records()).toEqual([]);
    harness.processElement(['c', 1], 3);
    expect(harness.records()).toEqual([
      { key: 'a', partial: ['a', 2] },
      { key: 'b', partial: ['b', 1] },
    ]);
    harness.clearOutput();
    harness.processElement(['a', 5], 5);
    await harness.finish();
    expect(harness.records()).toEqual([
      { key: 'c', partial: ['c', 1] },
      { key: 'a', partial: ['a', 5] },
    ]);
  });

  it('folds into its own copy when the reduce can fold in place, never changing the input records', async () => {
    const harness = await open({ fold: { kind: 'reduce', reduce: sumInPlace }, keySelector: () => 'k' });
    const inputs = [{ n: 1 }, { n: 2 }, { n: 3 }];
    for (const input of inputs) harness.processElement(input, 1);
    await harness.finish();
    expect(harness.records()).toEqual([{ key: 'k', partial: { n: 6 } }]);
    expect(inputs).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('refuses a record without a timestamp as the window itself would, naming the assigner', async () => {
    const harness = await open();
    expect(() => harness.processElement(['a', 1], NO_TIMESTAMP)).toThrow(RecordError);
    expect(() => harness.processElement(['a', 1], NO_TIMESTAMP)).toThrow(
      /TumblingEventTimeWindows.*without a timestamp/,
    );
  });
});
