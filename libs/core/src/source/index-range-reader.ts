import type { IndexRangeSplit } from './index-range-split';
import { RateLimiter } from './rate-limiter';
import type { ReaderOutput, SourceReaderContext } from './source';
import { RECORDS_PER_POLL, SourceReaderBase, type SplitProgress } from './source-reader-base';

export interface IndexRangeReaderOptions {
  /** Records per second for this reader; unlimited when absent. */
  ratePerSecond?: number;
  /** Ask for the next split on starting the last one held, so the next is there when it ends. */
  requestSplitsAhead?: boolean;
}

/**
 * The reader of the index-based built-in sources: emits `generate(index)` for each index of its
 * splits. The loop is the whole hot path of a generated stream, so it is a plain counted loop with
 * two calls per record and nothing allocated by the reader itself.
 *
 * A reader holds several splits after a restore at a lower parallelism (each old reader's split,
 * with its position). It then emits their indices in one increasing order, as one split of their
 * union would: read one after another, the second's early indices would come after the first's
 * late ones, behind the watermark their event times made, and event-time windows would drop them.
 * A split whose indices all come before the others' (the next chunk asked for ahead) is read alone.
 */
export class IndexRangeReader<T> extends SourceReaderBase<T, IndexRangeSplit> {
  private readonly limiter: RateLimiter | undefined;
  private wakeUpTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    context: SourceReaderContext,
    private readonly generate: (index: number) => T,
    options: IndexRangeReaderOptions = {},
  ) {
    // Splits whose indices interleave are read together, in index order (below); others one after another.
    super(context, false, options.requestSplitsAhead ?? false);
    this.limiter = options.ratePerSecond === undefined ? undefined : new RateLimiter(options.ratePerSecond);
  }

  protected readSplit(split: IndexRangeSplit, output: ReaderOutput<T>): SplitProgress {
    const stride = split.stride;
    const end = split.end;
    let index = split.position;
    let count = Math.ceil((end - index) / stride);
    if (count <= 0) return 'finished';
    if (!this.comesFirst(split)) return this.readInIndexOrder(split, output);
    count = this.permitted(Math.min(count, RECORDS_PER_POLL));
    if (count === 0) return this.sleepUntilNextPermit();
    const generate = this.generate;
    for (let n = 0; n < count; n++) {
      output.collect(generate(index));
      index += stride;
    }
    split.position = index;
    return index < end ? 'more' : 'finished';
  }

  /** Whether every index `split` has left comes before every other held split's next one. */
  private comesFirst(split: IndexRangeSplit): boolean {
    const held = this.heldSplits;
    for (let i = 0; i < held.length; i++) {
      if (held[i] !== split && held[i].position < split.end) return false;
    }
    return true;
  }

  /** The next indices of all held splits, lowest first; `first` is the split the base reads now. */
  private readInIndexOrder(first: IndexRangeSplit, output: ReaderOutput<T>): SplitProgress {
    const count = this.permitted(RECORDS_PER_POLL);
    if (count === 0) return this.sleepUntilNextPermit();
    const held = this.heldSplits;
    const generate = this.generate;
    for (let n = 0; n < count; n++) {
      let next: IndexRangeSplit | undefined;
      for (let i = 0; i < held.length; i++) {
        const split = held[i];
        if (split.position < split.end && (next === undefined || split.position < next.position)) next = split;
      }
      if (next === undefined) break;
      output.collect(generate(next.position));
      next.position += next.stride;
    }
    // The others stay held, finished or not: a finished one is dropped when it comes first.
    return first.position < first.end ? 'more' : 'finished';
  }

  override close(): void {
    if (this.wakeUpTimer !== undefined) clearTimeout(this.wakeUpTimer);
    this.wakeUpTimer = undefined;
    super.close();
  }

  private readonly onPermitFree = (): void => {
    this.wakeUpTimer = undefined;
    this.unblock();
  };

  /** How many of `count` records the rate limit lets out now: all of them without one, 0 to wait. */
  private permitted(count: number): number {
    return this.limiter === undefined ? count : this.limiter.tryAcquire(count, performance.now());
  }

  private sleepUntilNextPermit(): SplitProgress {
    if (this.wakeUpTimer === undefined) {
      const delay = Math.max(0, Math.ceil(this.limiter!.nextPermitAt - performance.now()));
      this.wakeUpTimer = setTimeout(this.onPermitFree, delay);
    }
    return 'blocked';
  }
}
