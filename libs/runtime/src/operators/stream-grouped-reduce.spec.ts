import { MAX_WATERMARK, NO_TIMESTAMP, RecordError } from '@weir/common';
import type { ReduceFunction, RuntimeContext, RuntimeMode } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import type { TimestampedValue } from '../testing/recording-output';
import { StreamGroupedReduce } from './stream-grouped-reduce';

type Pair = [string, number];

async function open(fn: ReduceFunction<unknown>, runtimeMode: RuntimeMode = 'streaming'): Promise<OperatorTestHarness> {
  const operator = new StreamGroupedReduce({ kind: 'keyedReduce', fn, keySelector: (p: Pair) => p[0] });
  const harness = new OperatorTestHarness(operator, { keyed: true, config: { runtimeMode } });
  await harness.open();
  return harness;
}

/** Final values come out in key-group order, which is not part of the contract: compare by key. */
const byKey = (records: TimestampedValue<unknown>[]) =>
  [...records].sort((x, y) => (x.value as Pair)[0].localeCompare((y.value as Pair)[0]));

const sum: ReduceFunction<unknown> = { reduce: (a, b) => [(a as Pair)[0], (a as Pair)[1] + (b as Pair)[1]] };

describe('StreamGroupedReduce', () => {
  it('emits the running value of each key with the timestamp of the record that made it', async () => {
    const harness = await open(sum);
    harness.processElement(['a', 1], 10);
    harness.processElement(['b', 5], 11);
    harness.processElement(['a', 2], 12);
    harness.processElement(['a', 3], 13);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: ['a', 1], timestamp: 10 },
      { value: ['b', 5], timestamp: 11 },
      { value: ['a', 3], timestamp: 12 },
      { value: ['a', 6], timestamp: 13 },
    ]);
  });

  it('keeps the running value in keyed state', async () => {
    const harness = await open(sum);
    harness.processElement(['a', 1], 1);
    harness.processElement(['b', 1], 1);
    expect(harness.context.keyedStateBackend!.numEntries('_op_state')).toBe(2);
  });

  it('opens and closes a rich reduce function', async () => {
    const calls: string[] = [];
    const harness = await open({
      ...sum,
      open: (ctx: RuntimeContext) => calls.push(`open ${ctx.getTaskName()}`),
      close: () => calls.push('close'),
    });
    await harness.close();
    expect(calls).toEqual(['open test-operator', 'close']);
  });

  it('forwards watermarks as they come', async () => {
    const harness = await open(sum);
    harness.processElement(['a', 1], 10);
    harness.processWatermark(10);
    expect(harness.output).toEqual([
      { kind: 'record', value: ['a', 1], timestamp: 10 },
      { kind: 'watermark', watermark: 10 },
    ]);
  });

  describe('in batch mode', () => {
    it('emits only the final value of each key, with its latest timestamp, before the final watermark', async () => {
      const harness = await open(sum, 'batch');
      harness.processElement(['a', 1], 10);
      harness.processElement(['b', 5], 30);
      harness.processElement(['a', 2], 20);
      harness.processElement(['a', 3], 15);
      harness.processWatermark(25);
      expect(harness.output).toEqual([]);
      harness.processWatermark(MAX_WATERMARK);
      expect(byKey(harness.recordsWithTimestamps())).toEqual([
        { value: ['a', 6], timestamp: 20 },
        { value: ['b', 5], timestamp: 30 },
      ]);
      expect(harness.output.slice(2)).toEqual([{ kind: 'watermark', watermark: MAX_WATERMARK }]);
    });

    it('emits the final values on finish when no final watermark came, and only once', async () => {
      const harness = await open(sum, 'batch');
      harness.processElement(['a', 1]);
      harness.processElement(['a', 4]);
      await harness.finish();
      expect(harness.recordsWithTimestamps()).toEqual([{ value: ['a', 5], timestamp: NO_TIMESTAMP }]);

      const afterWatermark = await open(sum, 'batch');
      afterWatermark.processElement(['a', 1], 3);
      afterWatermark.processWatermark(MAX_WATERMARK);
      await afterWatermark.finish();
      expect(afterWatermark.recordsWithTimestamps()).toEqual([{ value: ['a', 1], timestamp: 3 }]);
    });

    it('releases its state once the final values are out', async () => {
      const harness = await open(sum, 'batch');
      harness.processElement(['a', 1], 1);
      harness.processElement(['b', 1], 2);
      expect(harness.context.keyedStateBackend!.numEntries('_op_state')).toBe(2);
      harness.processWatermark(MAX_WATERMARK);
      expect(harness.context.keyedStateBackend!.numEntries('_op_state')).toBe(0);
      expect(harness.context.keyedStateBackend!.numEntries('_op_timestamp')).toBe(0);
    });
  });

  it('rejects an undefined key with a RecordError naming the operator', async () => {
    const harness = await open(sum);
    expect(() => harness.processElement([undefined, 1], 1)).toThrow(
      new RecordError(
        "The key selector of operator 'test-operator' returned undefined; a key must be a string, number, boolean, bigint or an array (tuple) of those.",
      ),
    );
  });
});
