import { OperatorTestHarness } from '../testing/operator-test-harness';
import { StreamFilter } from './stream-filter';

describe('StreamFilter', () => {
  it('forwards only accepted records, unchanged and with their timestamps', async () => {
    const harness = new OperatorTestHarness(
      new StreamFilter({ kind: 'filter', fn: { filter: (x) => (x as number) % 2 === 0 } }),
    );
    await harness.open();
    for (let i = 1; i <= 5; i++) harness.processElement(i, i * 100);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 2, timestamp: 200 },
      { value: 4, timestamp: 400 },
    ]);
  });
});
