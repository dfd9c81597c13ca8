import type { IndexRangeSplit } from './index-range-split';
import { RateLimiter } from './rate-limiter';
import type { ReaderOutput, SourceReaderContext } from './source';
import { RECORDS_PER_POLL, SourceReaderBase, type SplitProgress } from './source-reader-base';

export interface IndexRangeReaderOptions {
  /** Records per second for this reader; unlimited when absent. */
  ratePerSecond?: number;
  /** Take the held splits in turn (unbounded sources); see SourceReaderBase. */
  interleaveSplits: boolean;
}

/**
 * The reader of the index-based built-in sources: emits `generate(index)` for each index of its
 * splits. The loop is the whole hot path of a generated stream, so it is a plain counted loop with
 * two calls per record and nothing allocated by the reader itself.
 */
export class IndexRangeReader<T> extends SourceReaderBase<T, IndexRangeSplit> {
  private readonly limiter: RateLimiter | undefined;
  private wakeUpTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    context: SourceReaderContext,
    private readonly generate: (index: number) => T,
    options: IndexRangeReaderOptions,
  ) {
    super(context, options.interleaveSplits);
    this.limiter = options.ratePerSecond === undefined ? undefined : new RateLimiter(options.ratePerSecond);
  }

  protected readSplit(split: IndexRangeSplit, output: ReaderOutput<T>): SplitProgress {
    const stride = split.stride;
    const end = split.end;
    let index = split.position;
    let count = Math.ceil((end - index) / stride);
    if (count <= 0) return 'finished';
    if (count > RECORDS_PER_POLL) count = RECORDS_PER_POLL;
    if (this.limiter !== undefined) {
      count = this.limiter.tryAcquire(count, performance.now());
      if (count === 0) return this.sleepUntilNextPermit();
    }
    const generate = this.generate;
    for (let n = 0; n < count; n++) {
      output.collect(generate(index));
      index += stride;
    }
    split.position = index;
    return index < end ? 'more' : 'finished';
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

  private sleepUntilNextPermit(): SplitProgress {
    if (this.wakeUpTimer === undefined) {
      const delay = Math.max(0, Math.ceil(this.limiter!.nextPermitAt - performance.now()));
      this.wakeUpTimer = setTimeout(this.onPermitFree, delay);
    }
    return 'blocked';
  }
}
