import { NO_TIMESTAMP } from '@weir/common';
import type { MapFunction, RuntimeContext } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { StreamMap } from './stream-map';

describe('StreamMap', () => {
  it('emits one result per record with the record timestamp', async () => {
    const harness = new OperatorTestHarness(new StreamMap({ kind: 'map', fn: { map: (x) => (x as number) * 10 } }));
    await harness.open();
    harness.processElement(1, 5);
    harness.processElement(2);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 10, timestamp: 5 },
      { value: 20, timestamp: NO_TIMESTAMP },
    ]);
  });

  it('opens the function with a runtime context and closes it', async () => {
    const calls: string[] = [];
    const fn: MapFunction<unknown, unknown> = {
      open(ctx: RuntimeContext) {
        calls.push(`open ${ctx.getTaskName()} ${ctx.getIndexOfThisSubtask()}/${ctx.getNumberOfParallelSubtasks()}`);
        calls.push(`param ${ctx.getJobParameters().topic}`);
      },
      map: (x) => x,
      close() {
        calls.push('close');
      },
    };
    const harness = new OperatorTestHarness(new StreamMap({ kind: 'map', fn }), {
      parallelism: 3,
      subtaskIndex: 2,
      jobParameters: { topic: 'clicks' },
    });
    await harness.open();
    await harness.finish();
    await harness.close();
    expect(calls).toEqual(['open test-operator 2/3', 'param clicks', 'close']);
  });

  it('forwards watermarks', async () => {
    const harness = new OperatorTestHarness(new StreamMap({ kind: 'map', fn: { map: (x) => x } }));
    await harness.open();
    harness.processWatermark(7);
    harness.processWatermark(3);
    expect(harness.watermarks()).toEqual([7]);
  });
});
