import { NO_TIMESTAMP } from '@weir/common';
import { CoProcessFunction, OutputTag, type Collector } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { CoProcessOperator } from './co-process-operator';

const rejected = new OutputTag<unknown>('rejected');

class Tagging extends CoProcessFunction<number, string, string> {
  processElement1(value: number, ctx: CoProcessFunction.Context, out: Collector<string>): void {
    if (value < 0) ctx.output(rejected, value);
    else out.collect(`1:${value}@${ctx.timestamp()} wm=${ctx.timerService().currentWatermark()}`);
  }
  processElement2(value: string, ctx: CoProcessFunction.Context, out: Collector<string>): void {
    out.collect(`2:${value}@${ctx.timestamp()}`);
  }
}

describe('CoProcessOperator', () => {
  it('calls processElement1 for input 0 and processElement2 for input 1', async () => {
    const harness = new OperatorTestHarness(new CoProcessOperator({ kind: 'coProcess', fn: new Tagging() }), {
      numberOfInputs: 2,
    });
    await harness.open();
    harness.processElement(1, 10, 0);
    harness.processElement('x', NO_TIMESTAMP, 1);
    harness.processWatermark(3, 0);
    harness.processWatermark(4, 1);
    harness.processElement(2, 11, 0);
    harness.processElement(-1, 12, 0);
    expect(harness.output).toEqual([
      { kind: 'record', value: '1:1@10 wm=-Infinity', timestamp: 10 },
      { kind: 'record', value: '2:x@undefined', timestamp: NO_TIMESTAMP },
      { kind: 'watermark', watermark: 3 },
      { kind: 'record', value: '1:2@11 wm=3', timestamp: 11 },
    ]);
    expect(harness.sideOutputWithTimestamps('rejected')).toEqual([{ value: -1, timestamp: 12 }]);
  });
});
