import { MAX_WATERMARK, NO_TIMESTAMP, RecordError } from '@weir/common';
import {
  TumblingEventTimeWindows,
  type AggregateFunction,
  type AnyKeySelector,
  type ReduceFunction,
  type WindowFold,
} from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { WindowPreAggregateOperator } from './window-pre-aggregate-operator';

type Pair = [string, number];

const byWord: AnyKeySelector = (p: Pair) => p[0];
const sum: ReduceFunction<unknown> = { reduce: (a, b) => [(a as Pair)[0], (a as Pair)[1] + (b as Pair)[1]] };
const average: AggregateFunction<unknown, { n: number; total: number }, number> = {
  createAccumulator: () => ({ n: 0, total: 0 }),
  add: (p, acc) => ({ n: acc.n + 1, total: acc.total + (p as Pair)[1] }),
  getResult: (acc) => acc.total / acc.n,
  merge: (a, b) => ({ n: a.n + b.n, total: a.total + b.total }),
};

async function open(
  options: { fold?: WindowFold; size?: number; maxPartials?: number } = {},
): Promise<OperatorTestHarness> {
  const spec = {
    kind: 'windowPreAggregate',
    keySelector: byWord,
    assigner: TumblingEventTimeWindows.of(options.size ?? 10),
    fold: options.fold ?? { kind: 'reduce', reduce: sum },
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
    const inPlace = {
      reduce: (x: unknown, y: unknown) => ({ n: (x as { n: number }).n + (y as { n: number }).n }),
      copyForAccumulator: (first: unknown) => ({ ...(first as { n: number }) }),
      reduceInPlace: (acc: unknown, value: unknown) => {
        (acc as { n: number }).n += (value as { n: number }).n;
        return acc;
      },
    };
    const spec = {
      kind: 'windowPreAggregate',
      keySelector: () => 'k',
      assigner: TumblingEventTimeWindows.of(10),
      fold: { kind: 'reduce', reduce: inPlace },
    } as const;
    const harness = new OperatorTestHarness(new WindowPreAggregateOperator(spec));
    await harness.open();
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
