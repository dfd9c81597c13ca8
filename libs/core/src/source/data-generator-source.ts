import { JobDefinitionError } from '@weir/common';
import type { IndexRangeSplit } from './index-range-split';
import { IndexRangeChunkEnumerator } from './index-range-chunk-enumerator';
import { IndexRangeReader } from './index-range-reader';
import type { Source, SourceReader, SourceReaderContext, SplitEnumerator, SplitEnumeratorContext } from './source';
import { StaticSplitEnumerator } from './static-split-enumerator';

export interface DataGeneratorSourceOptions<T> {
  /** Makes the record with this index (0, 1, 2, …); called once per index, from whichever subtask reads it. */
  generate: (index: number) => T;
  /** How many records in all; the source is unbounded without it. */
  count?: number;
  /** Records per second across all subtasks (each gets its share); unlimited without it. */
  ratePerSecond?: number;
}

/** The end of an unbounded generator's indices: the last whole number a double holds exactly, 2^53 − 1. */
const UNBOUNDED_END = Number.MAX_SAFE_INTEGER;

/**
 * The most indices a chunk of an unthrottled generator holds: read in some 30-60 ms, so asking for
 * the next costs nothing and the readers stay that close together.
 */
export const MAX_INDICES_PER_CHUNK = 131_072;
/** At least this many chunks per reader, so a small generator's indices spread over the readers. */
const CHUNKS_PER_READER = 4;

/**
 * Flink's DataGeneratorSource: records made by a function of their index, for demos, tests and
 * benchmarks; scripted events are `{ generate: (i) => script[i], count: script.length }`. Every
 * parallelism emits exactly `generate(0 … count−1)`, each index once, and the subtasks move through
 * the indices side by side: a generator whose timestamps grow with the index produces a stream that
 * is close to in order overall, which keeps event-time windows small (one contiguous range per
 * subtask would have one subtask emit the start and another the end at once).
 *
 * Without a rate limit the indices are dealt out in chunks on request (`IndexRangeChunkEnumerator`):
 * a subtask that is done with its chunk takes the next, so a subtask slowed by its share of the
 * work downstream or by its core generates less instead of holding the whole job back. With one,
 * each subtask emits its share of the rate and there is nothing to balance; the indices are dealt
 * out round-robin, one split per reader (at parallelism p, split k holds k, k+p, k+2p, …), so the
 * subtasks emit the same stretch of indices at the same moment. A split carries its own stride, so
 * a checkpoint restores at any parallelism.
 */
export class DataGeneratorSource<T> implements Source<T, IndexRangeSplit, IndexRangeSplit[]> {
  readonly boundedness: 'bounded' | 'unbounded';
  private readonly generate: (index: number) => T;
  private readonly end: number;
  private readonly ratePerSecond: number | undefined;

  constructor(options: DataGeneratorSourceOptions<T>) {
    const { generate, count, ratePerSecond } = options ?? ({} as Partial<DataGeneratorSourceOptions<T>>);
    if (typeof generate !== 'function') {
      throw new JobDefinitionError(
        `DataGeneratorSource: 'generate' must be a function from the record's index to the record, not ${typeof generate}.`,
      );
    }
    if (count !== undefined && (!Number.isSafeInteger(count) || count < 0 || count >= UNBOUNDED_END)) {
      throw new JobDefinitionError(
        `DataGeneratorSource: 'count' must be a whole number from 0 to ${UNBOUNDED_END - 1}, not ${count}; ` +
          'leave it out for an unbounded stream.',
      );
    }
    if (ratePerSecond !== undefined && !(ratePerSecond > 0 && Number.isFinite(ratePerSecond))) {
      throw new JobDefinitionError(
        `DataGeneratorSource: 'ratePerSecond' must be a number greater than 0, not ${ratePerSecond}; ` +
          'leave it out for no limit.',
      );
    }
    this.generate = generate;
    this.end = count ?? UNBOUNDED_END;
    this.boundedness = count === undefined ? 'unbounded' : 'bounded';
    this.ratePerSecond = ratePerSecond;
  }

  createEnumerator(ctx: SplitEnumeratorContext<IndexRangeSplit>): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    const stride = this.ratePerSecond === undefined ? 1 : ctx.currentParallelism;
    const ranges: IndexRangeSplit[] = [];
    for (let k = 0; k < stride && k < this.end; k++) {
      ranges.push({ splitId: String(k), position: k, end: this.end, stride });
    }
    return this.enumeratorOf(ctx, ranges);
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<IndexRangeSplit>,
    checkpoint: IndexRangeSplit[],
  ): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    return this.enumeratorOf(ctx, checkpoint);
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, IndexRangeSplit> {
    const rate = this.ratePerSecond;
    // A throttled reader keeps to its one split: asking ahead would take another reader's.
    return new IndexRangeReader(ctx, this.generate, {
      ratePerSecond: rate === undefined ? undefined : rate / ctx.parallelism,
      requestSplitsAhead: rate === undefined,
    });
  }

  /** Whole splits when throttled, chunks of them otherwise (see the class comment). */
  private enumeratorOf(
    ctx: SplitEnumeratorContext<IndexRangeSplit>,
    ranges: readonly IndexRangeSplit[],
  ): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    if (this.ratePerSecond !== undefined) return new StaticSplitEnumerator(ctx, ranges, this.boundedness);
    const indices = ranges.reduce((sum, range) => sum + Math.ceil((range.end - range.position) / range.stride), 0);
    const spread = Math.ceil(indices / (ctx.currentParallelism * CHUNKS_PER_READER));
    return new IndexRangeChunkEnumerator(
      ctx,
      ranges,
      Math.max(1, Math.min(MAX_INDICES_PER_CHUNK, spread)),
      this.boundedness,
    );
  }
}
