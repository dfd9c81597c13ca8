import type { Collector } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { CoStreamFlatMap } from './co-stream-flat-map';

describe('CoStreamFlatMap', () => {
  it('flat-maps each input with its own function, with the record timestamp', async () => {
    const fn = {
      flatMap1(value: unknown, out: Collector<unknown>) {
        out.collect(value);
        out.collect(value);
      },
      flatMap2(value: unknown, out: Collector<unknown>) {
        out.collect(-(value as number));
      },
    };
    const harness = new OperatorTestHarness(new CoStreamFlatMap({ kind: 'coFlatMap', fn }), { numberOfInputs: 2 });
    await harness.open();
    harness.processElement(1, 10, 0);
    harness.processElement(2, 20, 1);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 1, timestamp: 10 },
      { value: 1, timestamp: 10 },
      { value: -2, timestamp: 20 },
    ]);
  });
});
