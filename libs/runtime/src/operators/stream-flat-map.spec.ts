import { NO_TIMESTAMP } from '@weir/common';
import type { Collector } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { StreamFlatMap } from './stream-flat-map';

describe('StreamFlatMap', () => {
  it('emits every collected value with the timestamp of the record it came from', async () => {
    const fn = {
      flatMap(line: unknown, out: Collector<unknown>) {
        for (const word of (line as string).split(' ')) if (word) out.collect(word);
      },
    };
    const harness = new OperatorTestHarness(new StreamFlatMap({ kind: 'flatMap', fn }));
    await harness.open();
    harness.processElement('a b', 1);
    harness.processElement('', 2);
    harness.processElement('c');
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 'a', timestamp: 1 },
      { value: 'b', timestamp: 1 },
      { value: 'c', timestamp: NO_TIMESTAMP },
    ]);
  });
});
