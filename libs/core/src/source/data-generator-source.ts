import { JobDefinitionError } from '@weir/common';
import type { IndexRangeSplit } from './index-range-split';
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
 * Flink's DataGeneratorSource: records made by a function of their index, for demos, tests and
 * benchmarks; scripted events are `{ generate: (i) => script[i], count: script.length }`.
 *
 * The indices are dealt out round-robin, one split per reader: at parallelism p, split k holds
 * k, k+p, k+2p, … So every parallelism emits exactly `generate(0 … count−1)`, each index once, and
 * the subtasks move through the indices side by side: a generator whose timestamps grow with the
 * index produces a stream that is close to in order overall, which keeps event-time windows small
 * (contiguous ranges per subtask would have one subtask emit the start and another the end at once).
 * A split carries its own stride, so a checkpoint restores at any parallelism.
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
    const stride = ctx.currentParallelism;
    const splits: IndexRangeSplit[] = [];
    for (let k = 0; k < stride && k < this.end; k++) {
      splits.push({ splitId: String(k), position: k, end: this.end, stride });
    }
    return new StaticSplitEnumerator(ctx, splits);
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<IndexRangeSplit>,
    checkpoint: IndexRangeSplit[],
  ): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    return new StaticSplitEnumerator(ctx, checkpoint);
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, IndexRangeSplit> {
    const rate = this.ratePerSecond;
    return new IndexRangeReader(ctx, this.generate, {
      ratePerSecond: rate === undefined ? undefined : rate / ctx.parallelism,
    });
  }
}
