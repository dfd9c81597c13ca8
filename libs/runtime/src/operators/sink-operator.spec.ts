import type { Sink } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { SinkOperator } from './sink-operator';

describe('SinkOperator', () => {
  it('flushes an at-least-once writer at a checkpoint: what came before the barrier is written first', async () => {
    const written: number[] = [];
    let buffered: number[] = [];
    const sink: Sink<number> = {
      createWriter: () => ({
        write: (value) => void buffered.push(value),
        flush: async () => {
          await new Promise((resolve) => setImmediate(resolve));
          written.push(...buffered);
          buffered = [];
        },
        close() {},
      }),
    };
    const operator = new SinkOperator({ kind: 'sink', sink: sink as Sink<unknown> });
    const harness = new OperatorTestHarness(operator);
    await harness.open();
    harness.processElement(1);
    harness.processElement(2);
    expect(await operator.snapshotState(1)).toBeUndefined();
    expect(written).toEqual([1, 2]);
    await harness.close();
  });
});
