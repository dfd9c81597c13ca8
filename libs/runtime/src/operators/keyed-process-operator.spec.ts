import { NO_TIMESTAMP, RecordError } from '@weir/common';
import {
  KeyedProcessFunction,
  OutputTag,
  ValueStateDescriptor,
  type AnyKeySelector,
  type Collector,
  type RuntimeContext,
  type ValueState,
} from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { KeyedProcessOperator } from './keyed-process-operator';

interface Event {
  user: string;
  n: number;
}

const fired = new OutputTag<string>('fired');

/**
 * Counts events per user; an event with n > 0 sets an event-time timer n ms after it, one with n < 0
 * a processing-time timer -n ms from now. n = 0 deletes the event-time timer at the event's time + 5.
 */
class CountAndRemind extends KeyedProcessFunction<string, Event, string> {
  private count!: ValueState<number>;

  override open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>('count', { defaultValue: 0 }));
  }

  processElement(e: Event, ctx: KeyedProcessFunction.Context<string>, out: Collector<string>): void {
    const count = this.count.value()! + 1;
    this.count.update(count);
    out.collect(`${ctx.getCurrentKey()}:${count}`);
    const timers = ctx.timerService();
    if (e.n > 0) timers.registerEventTimeTimer(ctx.timestamp()! + e.n);
    else if (e.n < 0) timers.registerProcessingTimeTimer(timers.currentProcessingTime() - e.n);
    else timers.deleteEventTimeTimer(ctx.timestamp()! + 5);
  }

  override onTimer(timestamp: number, ctx: KeyedProcessFunction.OnTimerContext<string>, out: Collector<string>): void {
    out.collect(
      `${ctx.timeDomain()} ${ctx.getCurrentKey()} ${timestamp} ts=${ctx.timestamp()} count=${this.count.value()}`,
    );
    ctx.output(fired, ctx.getCurrentKey());
  }
}

async function open(
  fn: KeyedProcessFunction<string, Event, string> = new CountAndRemind(),
  keySelector: AnyKeySelector = (e: Event) => e.user,
): Promise<OperatorTestHarness> {
  const operator = new KeyedProcessOperator({
    kind: 'keyedProcess',
    fn: fn as KeyedProcessFunction<string, unknown, unknown>,
    keySelector,
  });
  const harness = new OperatorTestHarness(operator, { keyed: true });
  await harness.open();
  return harness;
}

describe('KeyedProcessOperator', () => {
  it('keeps state per key', async () => {
    const harness = await open();
    harness.processElement({ user: 'a', n: 0 }, 1);
    harness.processElement({ user: 'b', n: 0 }, 2);
    harness.processElement({ user: 'a', n: 0 }, 3);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 'a:1', timestamp: 1 },
      { value: 'b:1', timestamp: 2 },
      { value: 'a:2', timestamp: 3 },
    ]);
  });

  it('fires event-time timers in time order once the watermark passes them, before forwarding it', async () => {
    const harness = await open();
    harness.processElement({ user: 'a', n: 10 }, 100);
    harness.processElement({ user: 'b', n: 5 }, 100);
    harness.processElement({ user: 'a', n: 10 }, 100); // the same timer again: it fires once
    harness.clearOutput();
    harness.processWatermark(104);
    expect(harness.output).toEqual([{ kind: 'watermark', watermark: 104 }]);
    harness.processWatermark(110);
    expect(harness.output).toEqual([
      { kind: 'watermark', watermark: 104 },
      { kind: 'record', value: 'event-time b 105 ts=105 count=1', timestamp: 105 },
      { kind: 'record', value: 'event-time a 110 ts=110 count=2', timestamp: 110 },
      { kind: 'watermark', watermark: 110 },
    ]);
    expect(harness.sideOutputWithTimestamps('fired')).toEqual([
      { value: 'b', timestamp: 105 },
      { value: 'a', timestamp: 110 },
    ]);
  });

  it('fires processing-time timers as the clock passes them; their results carry no timestamp', async () => {
    const harness = await open();
    harness.setProcessingTime(1000);
    harness.processElement({ user: 'a', n: -50 }, 7);
    harness.clearOutput();
    harness.setProcessingTime(1049);
    expect(harness.records()).toEqual([]);
    harness.setProcessingTime(1060);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 'processing-time a 1050 ts=1050 count=1', timestamp: NO_TIMESTAMP },
    ]);
  });

  it('deletes event-time timers', async () => {
    const harness = await open();
    harness.processElement({ user: 'a', n: 5 }, 100);
    harness.processElement({ user: 'a', n: 0 }, 100);
    harness.clearOutput();
    harness.processWatermark(1000);
    expect(harness.records()).toEqual([]);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['NaN', NaN],
    ['an object', {}],
  ])('rejects a key selector returning %s with a RecordError naming the operator', async (what, key) => {
    const harness = await open(new CountAndRemind(), () => key as never);
    const process = (): void => harness.processElement({ user: 'a', n: 0 }, 1);
    expect(process).toThrow(RecordError);
    expect(process).toThrow(`The key selector of operator 'test-operator' returned ${what}`);
  });
});
