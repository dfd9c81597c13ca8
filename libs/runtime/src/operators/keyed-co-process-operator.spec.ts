import { RecordError } from '@weir/common';
import {
  KeyedCoProcessFunction,
  ValueStateDescriptor,
  type Collector,
  type RuntimeContext,
  type ValueState,
} from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { KeyedCoProcessOperator } from './keyed-co-process-operator';

interface Order {
  id: string;
  amount: number;
}
interface Payment {
  orderId: string;
}

/** Matches orders (input 0) with payments (input 1) by order id; unpaid orders time out after 10 ms. */
class MatchPayments extends KeyedCoProcessFunction<string, Order, Payment, string> {
  private order!: ValueState<Order>;

  override open(ctx: RuntimeContext): void {
    this.order = ctx.getState(new ValueStateDescriptor<Order>('order'));
  }

  processElement1(order: Order, ctx: KeyedCoProcessFunction.Context<string>, out: Collector<string>): void {
    this.order.update(order);
    ctx.timerService().registerEventTimeTimer(ctx.timestamp()! + 10);
    out.collect(`order ${ctx.getCurrentKey()}`);
  }

  processElement2(_payment: Payment, ctx: KeyedCoProcessFunction.Context<string>, out: Collector<string>): void {
    const order = this.order.value();
    out.collect(order === undefined ? `payment without order ${ctx.getCurrentKey()}` : `paid ${order.amount}`);
    this.order.clear();
  }

  override onTimer(ts: number, ctx: KeyedCoProcessFunction.OnTimerContext<string>, out: Collector<string>): void {
    if (this.order.value() !== undefined) out.collect(`${ctx.timeDomain()} timeout ${ctx.getCurrentKey()} at ${ts}`);
  }
}

async function open(): Promise<OperatorTestHarness> {
  const operator = new KeyedCoProcessOperator({
    kind: 'keyedCoProcess',
    fn: new MatchPayments() as KeyedCoProcessFunction<string, unknown, unknown, unknown>,
    keySelector1: (o: Order) => o.id,
    keySelector2: (p: Payment) => p.orderId,
  });
  const harness = new OperatorTestHarness(operator, { keyed: true, numberOfInputs: 2 });
  await harness.open();
  return harness;
}

describe('KeyedCoProcessOperator', () => {
  it('keys each input with its own selector, so both sides share the state of a key', async () => {
    const harness = await open();
    harness.processElement({ id: 'o1', amount: 5 }, 1, 0);
    harness.processElement({ id: 'o2', amount: 7 }, 2, 0);
    harness.processElement({ orderId: 'o2' }, 3, 1);
    harness.processElement({ orderId: 'o3' }, 4, 1);
    expect(harness.records()).toEqual(['order o1', 'order o2', 'paid 7', 'payment without order o3']);
  });

  it('fires the timers of both inputs when the watermark of both passes them', async () => {
    const harness = await open();
    harness.processElement({ id: 'o1', amount: 5 }, 1, 0);
    harness.processElement({ id: 'o2', amount: 7 }, 2, 0);
    harness.processElement({ orderId: 'o2' }, 3, 1);
    harness.clearOutput();
    harness.processWatermark(100, 0);
    expect(harness.output).toEqual([]);
    harness.processWatermark(11, 1);
    expect(harness.output).toEqual([
      { kind: 'record', value: 'event-time timeout o1 at 11', timestamp: 11 },
      { kind: 'watermark', watermark: 11 },
    ]);
  });

  it('names the operator when the second key selector returns undefined', async () => {
    const harness = await open();
    expect(() => harness.processElement({}, 1, 1)).toThrow(RecordError);
    expect(() => harness.processElement({}, 1, 1)).toThrow("operator 'test-operator' returned undefined");
  });
});
