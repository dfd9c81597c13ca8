import { JobDefinitionError, RecordError } from '@weir/common';
import { OutputTag, ProcessJoinFunction, type Collector } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { IntervalJoinOperator } from './interval-join-operator';

type Side = [key: string, name: string];

const pairs = new OutputTag<string>('pairs');

/** Emits "left-right" and reports the pair's timestamps on a side output. */
class Describe extends ProcessJoinFunction<Side, Side, string> {
  processElement(left: Side, right: Side, ctx: ProcessJoinFunction.Context, out: Collector<string>): void {
    out.collect(`${left[1]}-${right[1]}`);
    ctx.output(pairs, `${ctx.getLeftTimestamp()},${ctx.getRightTimestamp()}->${ctx.getTimestamp()}`);
  }
}

async function open(
  lowerBoundMs: number,
  upperBoundMs: number,
  lowerBoundInclusive = true,
  upperBoundInclusive = true,
): Promise<OperatorTestHarness> {
  const operator = new IntervalJoinOperator({
    kind: 'intervalJoin',
    fn: new Describe() as ProcessJoinFunction<unknown, unknown, unknown>,
    keySelector1: (s: Side) => s[0],
    keySelector2: (s: Side) => s[0],
    lowerBoundMs,
    upperBoundMs,
    lowerBoundInclusive,
    upperBoundInclusive,
  });
  const harness = new OperatorTestHarness(operator, { keyed: true, numberOfInputs: 2 });
  await harness.open();
  return harness;
}

/** Right elements at 7..12 (named by their timestamp), then a left element at 10. */
function rightsThenLeft(harness: OperatorTestHarness): void {
  for (let t = 7; t <= 12; t++) harness.processElement(['k', `r${t}`], t, 1);
  harness.processElement(['k', 'l10'], 10, 0);
}

describe('IntervalJoinOperator', () => {
  it('joins a left element at t with the right elements in [t + lower, t + upper]', async () => {
    const harness = await open(-2, 1);
    rightsThenLeft(harness);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 'l10-r8', timestamp: 10 },
      { value: 'l10-r9', timestamp: 10 },
      { value: 'l10-r10', timestamp: 10 },
      { value: 'l10-r11', timestamp: 11 },
    ]);
    expect(harness.sideOutput('pairs')).toEqual(['10,8->10', '10,9->10', '10,10->10', '10,11->11']);
  });

  it('excludes exclusive bounds', async () => {
    const harness = await open(-2, 1, false, false);
    rightsThenLeft(harness);
    expect(harness.records()).toEqual(['l10-r9', 'l10-r10']);
  });

  it('joins the same pairs when the right elements come after the left one', async () => {
    const harness = await open(-2, 1);
    harness.processElement(['k', 'l10'], 10, 0);
    for (let t = 7; t <= 12; t++) harness.processElement(['k', `r${t}`], t, 1);
    expect(harness.records()).toEqual(['l10-r8', 'l10-r9', 'l10-r10', 'l10-r11']);
  });

  it('joins only elements of the same key', async () => {
    const harness = await open(0, 0);
    harness.processElement(['a', 'la'], 5, 0);
    harness.processElement(['b', 'rb'], 5, 1);
    harness.processElement(['a', 'ra'], 5, 1);
    expect(harness.records()).toEqual(['la-ra']);
  });

  it('drops buffered elements once the watermark shows nothing can join them any more', async () => {
    const harness = await open(-2, 1);
    harness.processElement(['k', 'l10'], 10, 0);
    harness.processElement(['k', 'r10'], 10, 1);
    const backend = harness.context.keyedStateBackend!;
    expect([backend.numEntries('LEFT_BUFFER'), backend.numEntries('RIGHT_BUFFER')]).toEqual([1, 1]);
    // A left element at 10 can still meet right elements up to 11; a right one at 10 left ones up to 12.
    harness.processWatermark(10, 0);
    harness.processWatermark(10, 1);
    expect([backend.numEntries('LEFT_BUFFER'), backend.numEntries('RIGHT_BUFFER')]).toEqual([1, 1]);
    harness.processWatermark(11, 0);
    harness.processWatermark(11, 1);
    expect([backend.numEntries('LEFT_BUFFER'), backend.numEntries('RIGHT_BUFFER')]).toEqual([0, 1]);
    harness.processElement(['k', 'l12'], 12, 0);
    expect(harness.records()).toEqual(['l10-r10', 'l12-r10']);
    harness.processWatermark(12, 0);
    harness.processWatermark(12, 1);
    expect(backend.numEntries('RIGHT_BUFFER')).toBe(0);
    expect(harness.watermarks()).toEqual([10, 11, 12]);
  });

  it('drops late elements, those behind the watermark', async () => {
    const harness = await open(-5, 5);
    harness.processElement(['k', 'r18'], 18, 1);
    harness.processWatermark(20, 0);
    harness.processWatermark(20, 1);
    harness.processElement(['k', 'l19'], 19, 0);
    harness.processElement(['k', 'l20'], 20, 0);
    expect(harness.records()).toEqual(['l20-r18']);
    expect(harness.context.keyedStateBackend!.numEntries('LEFT_BUFFER')).toBe(1);
  });

  it('refuses records without a timestamp, naming the operator', async () => {
    const harness = await open(0, 0);
    expect(() => harness.processElement(['k', 'x'], undefined, 0)).toThrow(RecordError);
    expect(() => harness.processElement(['k', 'x'], undefined, 0)).toThrow(
      "The interval join 'test-operator' got a record without a timestamp",
    );
  });

  it('refuses an empty interval when it opens', async () => {
    await expect(open(1, 1, true, false)).rejects.toThrow(
      new JobDefinitionError(
        "The interval join 'test-operator' has the empty interval [1, 1): between(lower, upper) needs lower <= upper.",
      ),
    );
  });
});
