import { JobDefinitionError } from '@weir/common';
import type { IndexRangeSplit } from './index-range-split';
import { IndexRangeReader } from './index-range-reader';
import type { Source, SourceReader, SourceReaderContext, SplitEnumerator, SplitEnumeratorContext } from './source';
import { StaticSplitEnumerator } from './static-split-enumerator';

/**
 * A few splits per reader: a reader that is done early takes another, so a slow subtask does not
 * hold the whole job back, and each split is still long enough that asking costs nothing.
 */
const SPLITS_PER_READER = 4;

const identity = (index: number): number => index;

/**
 * The source behind `fromSequence(from, to)`: every whole number from `from` to `to`, both included,
 * read in parallel. The enumerator cuts the range into contiguous splits handed out on request; each
 * split's position (its next number) is its checkpoint state.
 */
export class NumberSequenceSource implements Source<number, IndexRangeSplit, IndexRangeSplit[]> {
  readonly boundedness = 'bounded';

  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) {
      throw new JobDefinitionError(
        `NumberSequenceSource: from and to must be whole numbers with from <= to, not from=${from}, to=${to}.`,
      );
    }
    if (!Number.isSafeInteger(to - from + 1)) {
      throw new JobDefinitionError(
        `NumberSequenceSource: the range from ${from} to ${to} holds more than ${Number.MAX_SAFE_INTEGER} numbers; ` +
          'use a smaller range.',
      );
    }
  }

  createEnumerator(ctx: SplitEnumeratorContext<IndexRangeSplit>): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    const splits = contiguousIndexRanges(this.from, this.to + 1, ctx.currentParallelism * SPLITS_PER_READER);
    return new StaticSplitEnumerator(ctx, splits);
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<IndexRangeSplit>,
    checkpoint: IndexRangeSplit[],
  ): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    return new StaticSplitEnumerator(ctx, checkpoint);
  }

  createReader(ctx: SourceReaderContext): SourceReader<number, IndexRangeSplit> {
    return new IndexRangeReader(ctx, identity);
  }
}

/** Cuts `[from, end)` into `count` contiguous splits whose sizes differ by at most one. */
function contiguousIndexRanges(from: number, end: number, count: number): IndexRangeSplit[] {
  const size = end - from;
  const splits: IndexRangeSplit[] = [];
  for (let i = 0; i < count; i++) {
    // The same expression for one split's stop and the next one's start: no gap, no overlap, even
    // where size * i is past 2^53 and rounds; the last split ends at `end` exactly.
    const start = from + Math.floor((size * i) / count);
    const stop = i === count - 1 ? end : from + Math.floor((size * (i + 1)) / count);
    if (stop > start) splits.push({ splitId: String(i), position: start, end: stop, stride: 1 });
  }
  return splits;
}
