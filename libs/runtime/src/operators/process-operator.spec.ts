import { JobDefinitionError, NO_TIMESTAMP } from '@weir/common';
import { OutputTag, ProcessFunction, type Collector } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { ProcessOperator } from './process-operator';

const small = new OutputTag<number>('small');

/** Reports what the context shows for each element; small values go to a side output. */
class Inspect extends ProcessFunction<number, string> {
  processElement(value: number, ctx: ProcessFunction.Context, out: Collector<string>): void {
    if (value < 10) {
      ctx.output(small, value);
      return;
    }
    const timers = ctx.timerService();
    out.collect(`${value}@${ctx.timestamp()} wm=${timers.currentWatermark()} pt=${timers.currentProcessingTime()}`);
  }
}

async function open(fn: ProcessFunction<number, string>): Promise<OperatorTestHarness> {
  const harness = new OperatorTestHarness(new ProcessOperator({ kind: 'process', fn }));
  await harness.open();
  return harness;
}

describe('ProcessOperator', () => {
  it('gives the function the timestamp, watermark and processing time, and emits with the record timestamp', async () => {
    const harness = await open(new Inspect());
    harness.setProcessingTime(1000);
    harness.processElement(42, 7);
    harness.processWatermark(5);
    harness.processElement(43);
    expect(harness.output).toEqual([
      { kind: 'record', value: '42@7 wm=-Infinity pt=1000', timestamp: 7 },
      { kind: 'watermark', watermark: 5 },
      { kind: 'record', value: '43@undefined wm=5 pt=1000', timestamp: NO_TIMESTAMP },
    ]);
  });

  it('writes side outputs with the record timestamp', async () => {
    const harness = await open(new Inspect());
    harness.processElement(3, 30);
    harness.processElement(4);
    expect(harness.records()).toEqual([]);
    expect(harness.sideOutputWithTimestamps('small')).toEqual([
      { value: 3, timestamp: 30 },
      { value: 4, timestamp: NO_TIMESTAMP },
    ]);
  });

  it('refuses timers on a non-keyed stream, naming the operator', async () => {
    class SetsTimer extends ProcessFunction<number, string> {
      processElement(value: number, ctx: ProcessFunction.Context): void {
        (ctx.timerService() as unknown as { registerEventTimeTimer(t: number): void }).registerEventTimeTimer(value);
      }
    }
    const harness = await open(new SetsTimer());
    const process = (): void => harness.processElement(1, 1);
    expect(process).toThrow(JobDefinitionError);
    expect(process).toThrow(/Operator 'test-operator' set a timer, but timers need a keyed stream: call keyBy\(\)/);
  });
});
