import { JobDefinitionError } from '@weir/common';
import { NumberSequenceSource } from './number-sequence-source';
import type { Source } from './source';
import { SourceTestDriver } from './source-test-driver';

const inclusive = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('NumberSequenceSource', () => {
  it('emits every number from `from` to `to`, both included', () => {
    const source = new NumberSequenceSource(-3, 4);
    expect(source.boundedness).toBe('bounded');
    expect((source as Source<number>).fixedParallelism).toBeUndefined();
    expect(new SourceTestDriver(source, { parallelism: 1 }).runToEnd()).toEqual([inclusive(-3, 4)]);
    expect(new SourceTestDriver(new NumberSequenceSource(7, 7), { parallelism: 1 }).runToEnd()).toEqual([[7]]);
  });

  it('rejects a range that is not whole numbers with from <= to', () => {
    expect(() => new NumberSequenceSource(5, 4)).toThrow(JobDefinitionError);
    expect(() => new NumberSequenceSource(0.5, 4)).toThrow('from=0.5, to=4');
    expect(() => new NumberSequenceSource(0, Infinity)).toThrow(JobDefinitionError);
    expect(() => new NumberSequenceSource(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toThrow(
      'more than 9007199254740991 numbers',
    );
  });

  it('cuts the range into four contiguous splits per reader, handed out on request', () => {
    const driver = new SourceTestDriver(new NumberSequenceSource(1, 20), { parallelism: 2 });
    expect(driver.enumerator.snapshotState(0)).toEqual([
      { splitId: '0', position: 1, end: 3, stride: 1 },
      { splitId: '1', position: 3, end: 6, stride: 1 },
      { splitId: '2', position: 6, end: 8, stride: 1 },
      { splitId: '3', position: 8, end: 11, stride: 1 },
      { splitId: '4', position: 11, end: 13, stride: 1 },
      { splitId: '5', position: 13, end: 16, stride: 1 },
      { splitId: '6', position: 16, end: 18, stride: 1 },
      { splitId: '7', position: 18, end: 21, stride: 1 },
    ]);
    const outputs = driver.runToEnd();
    expect(driver.assignments.map((a) => a.splitIds[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect([...outputs[0], ...outputs[1]].sort((a, b) => a - b)).toEqual(inclusive(1, 20));
    expect(outputs[0]).toEqual([1, 2, 6, 7, 11, 12, 16, 17]);
    expect(outputs[1]).toEqual([3, 4, 5, 8, 9, 10, 13, 14, 15, 18, 19, 20]);
  });

  it('makes fewer splits when the range is shorter than the splits it would make', () => {
    const driver = new SourceTestDriver(new NumberSequenceSource(0, 2), { parallelism: 4 });
    expect(driver.enumerator.snapshotState(0).map((s) => [s.position, s.end])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(driver.runToEnd().flat().sort()).toEqual([0, 1, 2]);
  });

  it('reaches the edges of the safe integers exactly', () => {
    const top = Number.MAX_SAFE_INTEGER;
    const outputs = new SourceTestDriver(new NumberSequenceSource(top - 4, top), { parallelism: 2 }).runToEnd();
    expect(outputs.flat().sort((a, b) => a - b)).toEqual([top - 4, top - 3, top - 2, top - 1, top]);
  });

  it('restores from a checkpoint at another parallelism without losing or repeating a number', () => {
    const source = new NumberSequenceSource(0, 9_999);
    const before = new SourceTestDriver(source, { parallelism: 2 });
    for (let i = 0; i < 3; i++) {
      before.poll(0);
      before.poll(1);
    }
    const readerStates = before.readers.map((r) => r.snapshotState(1));
    const enumeratorState = before.enumerator.snapshotState(1);
    expect(readerStates.flat().map((s) => s.position)).toEqual([3500, 4750]);
    expect(enumeratorState).toHaveLength(4);

    // Three readers now; the two restored splits go to the first two.
    const after = new SourceTestDriver(source, {
      parallelism: 3,
      enumeratorCheckpoint: enumeratorState,
      readerSplits: [readerStates[0], readerStates[1], []],
    });
    const emitted = [...before.outputs.flat(), ...after.runToEnd().flat()];
    expect(emitted.sort((a, b) => a - b)).toEqual(inclusive(0, 9_999));
  });
});
