import { CollectionSource } from './collection-source';
import type { IndexRangeSplit } from './index-range-split';
import type { ReaderOutput } from './source';
import { SourceTestDriver } from './source-test-driver';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('CollectionSource', () => {
  it('is bounded, runs at parallelism 1, and emits the elements in order', () => {
    const source = new CollectionSource(['a', 'b', 'c']);
    expect(source.boundedness).toBe('bounded');
    expect(source.fixedParallelism).toBe(1);
    const driver = new SourceTestDriver(source, { parallelism: 1 });
    expect(driver.runToEnd()).toEqual([['a', 'b', 'c']]);
    expect(driver.assignments).toEqual([{ subtask: 0, splitIds: ['collection'] }]);
  });

  it('reads the iterable once, when it is declared', () => {
    let pulled = 0;
    function* letters(): Generator<string> {
      for (const l of 'xyz') {
        pulled++;
        yield l;
      }
    }
    const source = new CollectionSource(letters());
    expect(pulled).toBe(3);
    expect(new SourceTestDriver(source, { parallelism: 1 }).runToEnd()).toEqual([['x', 'y', 'z']]);
    expect(new SourceTestDriver(source, { parallelism: 1 }).runToEnd()).toEqual([['x', 'y', 'z']]);
  });

  it('emits batches of 1,000 per poll and ends after the last', () => {
    const driver = new SourceTestDriver(new CollectionSource(range(2500)), { parallelism: 1 });
    expect(driver.poll(0)).toBe('more-available');
    expect(driver.outputs[0]).toHaveLength(1000);
    expect(driver.poll(0)).toBe('more-available');
    expect(driver.outputs[0]).toHaveLength(2000);
    expect(driver.poll(0)).toBe('nothing-available'); // done with its split, asks for another
    expect(driver.outputs[0]).toEqual(range(2500));
    expect(driver.poll(0)).toBe('end-of-input');
  });

  it('an empty collection ends at once', () => {
    expect(new SourceTestDriver(new CollectionSource<number>([]), { parallelism: 1 }).runToEnd()).toEqual([[]]);
  });

  it('checkpoints its position and resumes from it', () => {
    const source = new CollectionSource(range(2500));
    const driver = new SourceTestDriver(source, { parallelism: 1 });
    driver.poll(0);
    const readerState = driver.readers[0].snapshotState(1);
    const enumeratorState = driver.enumerator.snapshotState(1);
    expect(readerState).toEqual([{ splitId: 'collection', position: 1000, end: 2500, stride: 1 }]);
    expect(enumeratorState).toEqual([]);

    const restored = new SourceTestDriver(source, {
      parallelism: 1,
      enumeratorCheckpoint: enumeratorState,
      readerSplits: [readerState],
    });
    expect(restored.runToEnd()).toEqual([range(2500).slice(1000)]);
  });

  it('does not change the splits it was given', () => {
    const source = new CollectionSource(['a', 'b']);
    const reader = source.createReader({ subtaskIndex: 0, parallelism: 1, sendSplitRequest: () => {} });
    const split: IndexRangeSplit = { splitId: 'collection', position: 0, end: 2, stride: 1 };
    reader.addSplits([split]);
    const seen: string[] = [];
    const output: ReaderOutput<string> = { collect: (v) => void seen.push(v) };
    expect(reader.pollNext(output)).toBe('nothing-available');
    expect(seen).toEqual(['a', 'b']);
    expect(split.position).toBe(0);
  });
});
