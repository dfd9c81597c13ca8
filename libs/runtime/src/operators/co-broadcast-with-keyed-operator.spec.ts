import { NO_TIMESTAMP, type Key } from '@weir/common';
import {
  KeyedBroadcastProcessFunction,
  MapStateDescriptor,
  ValueStateDescriptor,
  type Collector,
  type RuntimeContext,
  type ValueState,
} from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { CoBroadcastWithKeyedOperator } from './co-broadcast-with-keyed-operator';

interface Click {
  user: string;
}
type Command = { kind: 'label'; label: string } | { kind: 'report' } | { kind: 'reset' };

const labels = new MapStateDescriptor<string, string>('labels');
const clicks = new ValueStateDescriptor<number>('clicks', { defaultValue: 0 });

/**
 * Counts clicks per user; 5 ms after a user's first click reports the count under the broadcast
 * label. Commands on the broadcast side set the label, report every user's count, or reset them all.
 */
class LabelledCounts extends KeyedBroadcastProcessFunction<string, Click, Command, string> {
  private count!: ValueState<number>;

  override open(ctx: RuntimeContext): void {
    this.count = ctx.getState(clicks);
  }

  processElement(
    _click: Click,
    ctx: KeyedBroadcastProcessFunction.ReadOnlyContext<string>,
    out: Collector<string>,
  ): void {
    const count = this.count.value()! + 1;
    this.count.update(count);
    if (count === 1) ctx.timerService().registerEventTimeTimer(ctx.timestamp()! + 5);
    out.collect(`${ctx.getBroadcastState(labels).get('label') ?? '?'} ${ctx.getCurrentKey()}=${count}`);
  }

  processBroadcastElement(
    command: Command,
    ctx: KeyedBroadcastProcessFunction.Context<string>,
    out: Collector<string>,
  ): void {
    if (command.kind === 'label') ctx.getBroadcastState(labels).put('label', command.label);
    else if (command.kind === 'report') {
      ctx.applyToKeyedState<ValueState<number>>(clicks, (key: Key, state) => out.collect(`${key}:${state.value()}`));
    } else ctx.applyToKeyedState<ValueState<number>>(clicks, (_key: Key, state) => state.clear());
  }

  override onTimer(
    timestamp: number,
    ctx: KeyedBroadcastProcessFunction.OnTimerContext<string>,
    out: Collector<string>,
  ): void {
    const label = ctx.getBroadcastState(labels).get('label');
    out.collect(`${ctx.timeDomain()} ${label} ${ctx.getCurrentKey()}=${this.count.value()} at ${timestamp}`);
  }
}

async function open(): Promise<OperatorTestHarness> {
  const operator = new CoBroadcastWithKeyedOperator({
    kind: 'broadcastProcess',
    fn: new LabelledCounts() as KeyedBroadcastProcessFunction<Key, unknown, unknown, unknown>,
    keySelector: (c: Click) => c.user,
    descriptors: [labels as MapStateDescriptor<unknown, unknown>],
  });
  const harness = new OperatorTestHarness(operator, { keyed: true, numberOfInputs: 2 });
  await harness.open();
  return harness;
}

describe('CoBroadcastWithKeyedOperator', () => {
  it('keys the element side and shows it the broadcast state', async () => {
    const harness = await open();
    harness.processElement({ user: 'ann' }, 1, 0);
    harness.processElement({ kind: 'label', label: 'clicks' }, 2, 1);
    harness.processElement({ user: 'bob' }, 3, 0);
    harness.processElement({ user: 'ann' }, 4, 0);
    expect(harness.records()).toEqual(['? ann=1', 'clicks bob=1', 'clicks ann=2']);
  });

  it('visits every key with state from the broadcast side', async () => {
    const harness = await open();
    harness.processElement({ user: 'ann' }, 1, 0);
    harness.processElement({ user: 'bob' }, 2, 0);
    harness.processElement({ user: 'ann' }, 3, 0);
    harness.clearOutput();
    harness.processElement({ kind: 'report' }, NO_TIMESTAMP, 1);
    expect(harness.records().sort()).toEqual(['ann:2', 'bob:1']);
    harness.processElement({ kind: 'reset' }, NO_TIMESTAMP, 1);
    harness.processElement({ kind: 'report' }, NO_TIMESTAMP, 1);
    expect(harness.records().sort()).toEqual(['ann:2', 'bob:1']);
    expect(harness.context.keyedStateBackend!.numEntries('clicks')).toBe(0);
  });

  it('fires timers into onTimer, which reads the broadcast state', async () => {
    const harness = await open();
    harness.processElement({ kind: 'label', label: 'L' }, 0, 1);
    harness.processElement({ user: 'ann' }, 10, 0);
    harness.processElement({ user: 'ann' }, 11, 0);
    harness.clearOutput();
    harness.processWatermark(20, 0);
    harness.processWatermark(15, 1);
    expect(harness.output).toEqual([
      { kind: 'record', value: 'event-time L ann=2 at 15', timestamp: 15 },
      { kind: 'watermark', watermark: 15 },
    ]);
  });
});
