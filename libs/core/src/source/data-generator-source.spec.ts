import { JobDefinitionError } from '@weir/common';
import { DataGeneratorSource, MAX_INDICES_PER_CHUNK } from './data-generator-source';
import type { IndexRangeSplit } from './index-range-split';
import type { ReaderOutput, SourceReader } from './source';
import { SourceTestDriver } from './source-test-driver';

const byValue = (a: number, b: number): number => a - b;

describe('DataGeneratorSource', () => {
  it('emits generate(0 … count-1) once each at every parallelism', () => {
    const source = new DataGeneratorSource({ generate: (i) => i * 10, count: 1_003 });
    expect(source.boundedness).toBe('bounded');
    const expected = Array.from({ length: 1_003 }, (_, i) => i * 10);
    for (const parallelism of [1, 2, 3, 7]) {
      const outputs = new SourceTestDriver(source, { parallelism }).runToEnd();
      expect(outputs.flat().sort(byValue)).toEqual(expected);
    }
  });

  it('deals the indices out in chunks on request, side by side, a few per reader', () => {
    const driver = new SourceTestDriver(new DataGeneratorSource({ generate: (i) => i, count: 40 }), {
      parallelism: 2,
    });
    const from = (start: number) => [start, start + 1, start + 2, start + 3, start + 4];
    expect(driver.runToEnd()).toEqual([
      [...from(0), ...from(10), ...from(20), ...from(30)],
      [...from(5), ...from(15), ...from(25), ...from(35)],
    ]);
    expect(driver.assignments.map((a) => a.splitIds.join())).toEqual(['0', '5', '10', '15', '20', '25', '30', '35']);
  });

  it('lets a reader that is done take the next chunk, so a slow one does less of the work', () => {
    const driver = new SourceTestDriver(new DataGeneratorSource({ generate: (i) => i, count: 80_000 }), {
      parallelism: 2,
    });
    // Chunks of 10,000; reader 1 gets one poll (1,000 records) for every 9 of reader 0's.
    for (let poll = 0; driver.poll(0) !== 'end-of-input'; poll++) if (poll % 9 === 0) driver.poll(1);
    while (driver.poll(1) !== 'end-of-input');
    expect(driver.outputs[0].length).toBe(60_000);
    expect(driver.outputs[1].length).toBe(20_000);
    expect([...driver.outputs[0], ...driver.outputs[1]].sort(byValue)).toEqual(
      Array.from({ length: 80_000 }, (_, i) => i),
    );
  });

  it('with a rate limit, deals the indices out round-robin, one split per reader', () => {
    const source = new DataGeneratorSource({ generate: (i) => i, count: 10, ratePerSecond: 1e9 });
    const driver = new SourceTestDriver(source, { parallelism: 3 });
    expect(driver.enumerator.snapshotState(0)).toEqual([
      { splitId: '0', position: 0, end: 10, stride: 3 },
      { splitId: '1', position: 1, end: 10, stride: 3 },
      { splitId: '2', position: 2, end: 10, stride: 3 },
    ]);
    expect(driver.runToEnd()).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
  });

  it('plays a script: generate reads the script by index', () => {
    const script = ['login', 'click', 'click', 'logout'];
    const source = new DataGeneratorSource({ generate: (i) => script[i], count: script.length });
    expect(new SourceTestDriver(source, { parallelism: 1 }).runToEnd()).toEqual([script]);
    // More readers than events: the extra reader gets no split and ends.
    const outputs = new SourceTestDriver(source, { parallelism: 6 }).runToEnd();
    expect(outputs.map((o) => o.length)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(
      new SourceTestDriver(new DataGeneratorSource({ generate: (i) => i, count: 0 }), { parallelism: 2 }).runToEnd(),
    ).toEqual([[], []]);
  });

  it('is unbounded without a count, 1,000 records per poll, and asks for its next chunk ahead', () => {
    const source = new DataGeneratorSource({ generate: (i) => i });
    expect(source.boundedness).toBe('unbounded');
    const driver = new SourceTestDriver(source, { parallelism: 2 });
    for (let i = 0; i < 3; i++) {
      expect(driver.poll(0)).toBe('more-available');
      expect(driver.poll(1)).toBe('more-available');
    }
    const chunk = MAX_INDICES_PER_CHUNK;
    expect(driver.outputs[0]).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(driver.outputs[1].slice(-2)).toEqual([chunk + 2998, chunk + 2999]);
    driver.deliver();
    expect(driver.readers[1].snapshotState(1)).toEqual([
      { splitId: String(chunk), position: chunk + 3000, end: 2 * chunk, stride: 1 },
      { splitId: String(3 * chunk), position: 3 * chunk, end: 4 * chunk, stride: 1 },
    ]);
  });

  it.each([
    ['an unbounded', undefined],
    ['a bounded', 9_000],
  ])(
    '%s reader restored with several splits emits their indices in one increasing order, as one split of them would',
    (_, count) => {
      const source = new DataGeneratorSource({ generate: (i) => i, count });
      const end = count ?? Number.MAX_SAFE_INTEGER;
      // Where two readers of a parallelism-2 run were at a checkpoint: the odd one 300 indices behind.
      const splits: IndexRangeSplit[] = [
        { splitId: '0', position: 4600, end, stride: 2 },
        { splitId: '1', position: 4301, end, stride: 2 },
      ];
      const driver = new SourceTestDriver(source, { parallelism: 1, enumeratorCheckpoint: [], readerSplits: [splits] });
      for (let i = 0; i < 4; i++) driver.poll(0);
      const out = driver.outputs[0];
      const odds = (from: number, to: number) => Array.from({ length: (to - from) / 2 }, (_, i) => from + 2 * i);
      expect(out.slice(0, 150)).toEqual(odds(4301, 4601));
      expect(out.slice(150, 4000)).toEqual(Array.from({ length: 3850 }, (_, i) => 4600 + i));
    },
  );

  it('a bounded reader restored with several splits ends with the last of them', () => {
    const splits: IndexRangeSplit[] = [
      { splitId: '0', position: 98, end: 100, stride: 2 },
      { splitId: '1', position: 51, end: 100, stride: 2 },
    ];
    const driver = new SourceTestDriver(new DataGeneratorSource({ generate: (i) => i, count: 100 }), {
      parallelism: 1,
      enumeratorCheckpoint: [],
      readerSplits: [splits],
    });
    expect(driver.runToEnd()[0]).toEqual([...Array.from({ length: 24 }, (_, i) => 51 + 2 * i), 98, 99]);
  });

  it('rejects bad options with a message naming the option', () => {
    const generate = (i: number): number => i;
    expect(() => new DataGeneratorSource({ generate: 5 as unknown as () => number })).toThrow(
      "'generate' must be a function",
    );
    expect(() => new DataGeneratorSource({ generate, count: -1 })).toThrow(JobDefinitionError);
    expect(() => new DataGeneratorSource({ generate, count: 1.5 })).toThrow("'count' must be a whole number");
    expect(() => new DataGeneratorSource({ generate, ratePerSecond: 0 })).toThrow("'ratePerSecond' must be a number");
    expect(() => new DataGeneratorSource({ generate, ratePerSecond: Infinity })).toThrow(JobDefinitionError);
  });

  describe('with a rate limit', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    function throttledReader(ratePerSecond: number, parallelism: number): SourceReader<number, IndexRangeSplit> {
      const source = new DataGeneratorSource({ generate: (i) => i, ratePerSecond });
      const reader = source.createReader({ subtaskIndex: 0, parallelism, sendSplitRequest: () => {} });
      reader.addSplits([{ splitId: '0', position: 0, end: Number.MAX_SAFE_INTEGER, stride: 1 }]);
      return reader;
    }

    it('emits its share of the rate and sleeps until the next slot instead of spinning', async () => {
      // 400/s over 2 subtasks: 200/s here, one record per 5 ms.
      const reader = throttledReader(400, 2);
      const seen: number[] = [];
      const output: ReaderOutput<number> = { collect: (v) => void seen.push(v) };
      expect(reader.pollNext(output)).toBe('more-available');
      expect(seen).toEqual([0]);
      expect(reader.pollNext(output)).toBe('nothing-available');

      let woken = false;
      void reader.isAvailable().then(() => (woken = true));
      await jest.advanceTimersByTimeAsync(4);
      expect(woken).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(woken).toBe(true);
      expect(reader.pollNext(output)).toBe('more-available');
      expect(seen).toEqual([0, 1]);

      // A second later, the records due in that second, at most.
      await jest.advanceTimersByTimeAsync(1000);
      expect(reader.pollNext(output)).toBe('more-available');
      expect(seen).toHaveLength(202);
      expect(reader.pollNext(output)).toBe('nothing-available');
      reader.close();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('keeps to the rate over time: each wait ends at the next slot', async () => {
      const reader = throttledReader(50_000, 1); // 50 records per ms
      let count = 0;
      const output: ReaderOutput<number> = { collect: () => void count++ };
      let polls = 0;
      const startedAt = performance.now();
      while (performance.now() - startedAt < 100) {
        polls++;
        if (reader.pollNext(output) === 'nothing-available') {
          const available = reader.isAvailable();
          await jest.advanceTimersToNextTimerAsync();
          await available;
        }
      }
      // The last poll is at 99 ms: the record due at 0, and 50 per ms after it.
      expect(count).toBe(1 + 99 * 50);
      expect(polls).toBeLessThan(250);
      reader.close();
    });
  });
});
