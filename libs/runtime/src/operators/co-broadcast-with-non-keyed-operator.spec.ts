import { JobDefinitionError } from '@weir/common';
import {
  BroadcastProcessFunction,
  MapStateDescriptor,
  OutputTag,
  type BroadcastState,
  type Collector,
} from '@weir/core';
import { decodeOperatorState, encodeOperatorState } from '../checkpoint/operator-snapshot-codec';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { CoBroadcastWithNonKeyedOperator } from './co-broadcast-with-non-keyed-operator';
import type { OperatorState } from './operator-state';

const thresholds = new MapStateDescriptor<string, number>('thresholds');
const ruleLog = new OutputTag<string>('rule-log');

/** Elements (input 0) pass when above the broadcast threshold; rules (input 1) set it. */
class Threshold extends BroadcastProcessFunction<number, [string, number], string> {
  processElement(value: number, ctx: BroadcastProcessFunction.ReadOnlyContext, out: Collector<string>): void {
    const limit = ctx.getBroadcastState(thresholds).get('limit');
    out.collect(limit === undefined ? `${value} unchecked` : value > limit ? `${value} > ${limit}` : `${value} ok`);
  }

  processBroadcastElement(rule: [string, number], ctx: BroadcastProcessFunction.Context, out: Collector<string>): void {
    ctx.getBroadcastState(thresholds).put(rule[0], rule[1]);
    ctx.output(ruleLog, `${rule[0]}=${rule[1]}`);
    out.collect(`rule at wm ${ctx.currentWatermark()}`);
  }
}

async function open(
  fn: BroadcastProcessFunction<unknown, unknown, unknown>,
  descriptors = [thresholds],
): Promise<OperatorTestHarness> {
  const operator = new CoBroadcastWithNonKeyedOperator({
    kind: 'broadcastProcess',
    fn,
    keySelector: undefined,
    descriptors: descriptors as MapStateDescriptor<unknown, unknown>[],
  });
  const harness = new OperatorTestHarness(operator, { numberOfInputs: 2 });
  await harness.open();
  return harness;
}

describe('CoBroadcastWithNonKeyedOperator', () => {
  it('snapshots its broadcast state, which a restored instance reads back', async () => {
    const harness = await open(new Threshold() as BroadcastProcessFunction<unknown, unknown, unknown>);
    harness.processElement(['limit', 10], 1, 1);
    const snapshot = encodeOperatorState(harness.operator.snapshotState(1) as OperatorState);
    const operator = new CoBroadcastWithNonKeyedOperator({
      kind: 'broadcastProcess',
      fn: new Threshold() as BroadcastProcessFunction<unknown, unknown, unknown>,
      keySelector: undefined,
      descriptors: [thresholds] as MapStateDescriptor<unknown, unknown>[],
    });
    const restored = new OperatorTestHarness(operator, { numberOfInputs: 2 });
    operator.initializeState(decodeOperatorState(snapshot));
    await restored.open();
    restored.processElement(50, 2, 0);
    expect(restored.records()).toEqual(['50 > 10']);
  });

  it('shows broadcast state to every element after the broadcast element that wrote it', async () => {
    const harness = await open(new Threshold() as BroadcastProcessFunction<unknown, unknown, unknown>);
    harness.processElement(5, 1, 0);
    harness.processElement(['limit', 10], 2, 1);
    harness.processElement(5, 3, 0);
    harness.processElement(50, 4, 0);
    harness.processElement(['limit', 100], 5, 1);
    harness.processElement(50, 6, 0);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: '5 unchecked', timestamp: 1 },
      { value: 'rule at wm -Infinity', timestamp: 2 },
      { value: '5 ok', timestamp: 3 },
      { value: '50 > 10', timestamp: 4 },
      { value: 'rule at wm -Infinity', timestamp: 5 },
      { value: '50 ok', timestamp: 6 },
    ]);
    expect(harness.sideOutputWithTimestamps('rule-log')).toEqual([
      { value: 'limit=10', timestamp: 2 },
      { value: 'limit=100', timestamp: 5 },
    ]);
  });

  it('keeps broadcast state read-only on the element side', async () => {
    class Writes extends BroadcastProcessFunction<number, unknown, string> {
      processElement(value: number, ctx: BroadcastProcessFunction.ReadOnlyContext): void {
        (ctx.getBroadcastState(thresholds) as BroadcastState<string, number>).put('limit', value);
      }
      processBroadcastElement(): void {}
    }
    const harness = await open(new Writes() as BroadcastProcessFunction<unknown, unknown, unknown>);
    expect(() => harness.processElement(1, 1, 0)).toThrow(
      new JobDefinitionError(
        "Broadcast state 'thresholds' of operator 'test-operator' is read-only in processElement: change it only " +
          'in processBroadcastElement, so every parallel instance keeps the same state.',
      ),
    );
  });

  it('names the declared states when asked for one that was not declared', async () => {
    const other = new MapStateDescriptor<string, number>('other');
    class ReadsOther extends BroadcastProcessFunction<number, unknown, string> {
      processElement(_: number, ctx: BroadcastProcessFunction.ReadOnlyContext): void {
        ctx.getBroadcastState(other);
      }
      processBroadcastElement(): void {}
    }
    const harness = await open(new ReadsOther() as BroadcastProcessFunction<unknown, unknown, unknown>);
    expect(() => harness.processElement(1, 1, 0)).toThrow(
      "Operator 'test-operator' asked for broadcast state 'other', which was not declared (declared: 'thresholds'). " +
        'Pass its MapStateDescriptor to broadcast(...).',
    );
  });
});
