import { RecordError } from '@weir/common';
import type { ReduceFunction, RuntimeContext } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { StreamGroupedReduce } from './stream-grouped-reduce';

type Pair = [string, number];

async function open(fn: ReduceFunction<unknown>): Promise<OperatorTestHarness> {
  const operator = new StreamGroupedReduce({ kind: 'keyedReduce', fn, keySelector: (p: Pair) => p[0] });
  const harness = new OperatorTestHarness(operator, { keyed: true });
  await harness.open();
  return harness;
}

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

  it('rejects an undefined key with a RecordError naming the operator', async () => {
    const harness = await open(sum);
    expect(() => harness.processElement([undefined, 1], 1)).toThrow(
      new RecordError(
        "The key selector of operator 'test-operator' returned undefined; a key must be a string, number, boolean, bigint or an array (tuple) of those.",
      ),
    );
  });
});
