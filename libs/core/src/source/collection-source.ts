import type { IndexRangeSplit } from './index-range-split';
import { IndexRangeReader } from './index-range-reader';
import type { Source, SourceReader, SourceReaderContext, SplitEnumerator, SplitEnumeratorContext } from './source';
import { StaticSplitEnumerator } from './static-split-enumerator';

/**
 * The source behind `fromElements` and `fromCollection`: the elements in order, from one subtask.
 * The iterable is read once, when the job is declared, so a generator works and the job sees the same
 * elements on every attempt; the one split's position (the next element's index) is its checkpoint.
 */
export class CollectionSource<T> implements Source<T, IndexRangeSplit, IndexRangeSplit[]> {
  readonly boundedness = 'bounded';
  readonly fixedParallelism = 1;
  private readonly elements: readonly T[];

  constructor(elements: Iterable<T>) {
    this.elements = Array.from(elements);
  }

  createEnumerator(ctx: SplitEnumeratorContext<IndexRangeSplit>): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    const split: IndexRangeSplit = { splitId: 'collection', position: 0, end: this.elements.length, stride: 1 };
    return new StaticSplitEnumerator(ctx, [split]);
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<IndexRangeSplit>,
    checkpoint: IndexRangeSplit[],
  ): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    return new StaticSplitEnumerator(ctx, checkpoint);
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, IndexRangeSplit> {
    const elements = this.elements;
    return new IndexRangeReader<T>(ctx, (index) => elements[index]);
  }
}
