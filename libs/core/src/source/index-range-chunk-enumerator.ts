import type { IndexRangeSplit } from './index-range-split';
import type { Boundedness, SplitEnumerator, SplitEnumeratorContext } from './source';

/**
 * An enumerator that deals index ranges out a chunk of at most `chunkSize` indices at a time, the
 * lowest first, one per request: a reader that is done takes the next chunk, so the readers move
 * through the indices side by side (a few chunks apart) and a slow one takes less of the work
 * instead of holding the whole job back. Nothing is cut in advance, so an unbounded range works as
 * well as a bounded one. Its checkpoint is the ranges not handed out yet; the chunks handed out are
 * in their readers' checkpoints.
 *
 * As with StaticSplitEnumerator, an unbounded source's readers are never told there are no more.
 */
export class IndexRangeChunkEnumerator implements SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
  /** Lowest position first: indices go out in increasing order, but for those a failed reader hands back. */
  private readonly remaining: IndexRangeSplit[];

  constructor(
    private readonly context: SplitEnumeratorContext<IndexRangeSplit>,
    ranges: readonly IndexRangeSplit[],
    private readonly chunkSize: number,
    private readonly boundedness: Boundedness,
  ) {
    this.remaining = ranges.filter((range) => range.position < range.end).map((range) => ({ ...range }));
    this.sortRemaining();
  }

  start(): void {}

  handleSplitRequest(subtaskIndex: number): void {
    const range = this.remaining[0];
    if (range === undefined) {
      if (this.boundedness === 'bounded') this.context.signalNoMoreSplits(subtaskIndex);
      return;
    }
    const chunkEnd = range.position + this.chunkSize * range.stride;
    // Named after its first index, which no other chunk of these ranges holds.
    const chunk: IndexRangeSplit = {
      splitId: String(range.position),
      position: range.position,
      end: Math.min(chunkEnd, range.end),
      stride: range.stride,
    };
    if (chunkEnd >= range.end) this.remaining.shift();
    else {
      this.remaining[0] = { ...range, position: chunkEnd };
      // Strided ranges interleave: the rest of this one may now come after another.
      this.sortRemaining();
    }
    this.context.assignSplits(subtaskIndex, [chunk]);
  }

  /** Readers ask for work themselves (`handleSplitRequest`), so a new one needs nothing here. */
  addReader(_subtaskIndex: number): void {}

  addSplitsBack(splits: IndexRangeSplit[], _subtaskIndex: number): void {
    for (const split of splits) if (split.position < split.end) this.remaining.push({ ...split });
    this.sortRemaining();
  }

  snapshotState(_checkpointId: number): IndexRangeSplit[] {
    return this.remaining.map((range) => ({ ...range }));
  }

  close(): void {}

  private sortRemaining(): void {
    this.remaining.sort((a, b) => a.position - b.position);
  }
}
