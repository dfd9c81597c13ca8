import type { InputStatus, ReaderOutput, SourceReader, SourceReaderContext, SourceSplit } from './source';

/*
 * The bookkeeping every split-based reader shares (Flink's SourceReaderBase, minus the fetcher
 * threads we do not need on a single-threaded subtask): the splits it holds, asking the enumerator
 * for more when it runs out, telling the task when to poll again, and snapshotting the splits with
 * their positions. A concrete reader only says how to read one batch of one split.
 */

/** How many records a reader emits per `pollNext`, so the task can interleave barriers and watermarks. */
export const RECORDS_PER_POLL = 1000;

/**
 * What reading a batch of a split did: `more` (the split has more now), `blocked` (it has more, but
 * not yet: the reader calls `unblock()` when it may go on), `finished` (the split is exhausted).
 */
export type SplitProgress = 'more' | 'blocked' | 'finished';

const AVAILABLE: Promise<void> = Promise.resolve();

export abstract class SourceReaderBase<T, S extends SourceSplit> implements SourceReader<T, S> {
  /** The splits this reader holds and has not finished; it reads the first. */
  private readonly splits: S[] = [];
  private noMoreSplits = false;
  private splitRequested = false;
  private blocked = false;
  private availability: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** The output of each held split, when splits are read in turn (see the constructor). */
  private readonly splitOutputs = new Map<string, ReaderOutput<T>>();
  /** The output `pollNext` is given (always the same one), which made the split outputs. */
  private readerOutput: ReaderOutput<T> | undefined;

  /**
   * @param interleaveSplits take the held splits in turn, a batch each, instead of one after another:
   *   an unbounded source needs it, or a reader given several endless splits (after a rescale) would
   *   read only the first. Each split's records then go through its own output (ReaderOutput), so
   *   its watermark is its own: read in turn, splits at different event times do not make each
   *   other's records late. Read one after another, one split at a time is watermarked anyway.
   * @param requestSplitsAhead ask for the next split on starting the last one held, not when it has
   *   ended: for splits read in less time than an answer may take to come (a generator's chunks).
   */
  protected constructor(
    protected readonly context: SourceReaderContext,
    private readonly interleaveSplits: boolean,
    private readonly requestSplitsAhead = false,
  ) {}

  /**
   * Emits up to RECORDS_PER_POLL records of `split` and advances its position (the split object is
   * the reader's own copy, snapshotted as it is).
   */
  protected abstract readSplit(split: S, output: ReaderOutput<T>): SplitProgress;

  /** The splits the reader holds and has not finished, the one `readSplit` is given first. */
  protected get heldSplits(): readonly S[] {
    return this.splits;
  }

  start(): void {
    if (this.splits.length === 0) this.requestSplit();
  }

  pollNext(output: ReaderOutput<T>): InputStatus {
    const splits = this.splits;
    if (splits.length === 0) return this.outOfSplits();
    if (this.requestSplitsAhead && splits.length === 1 && !this.splitRequested && !this.noMoreSplits) {
      this.requestSplit();
    }
    const split = splits[0];
    let splitOutput = output;
    if (this.interleaveSplits) {
      // Every held split has its output before any is read: one not read yet holds the watermark back.
      if (this.splitOutputs.size !== splits.length) this.createSplitOutputs(output);
      splitOutput = this.splitOutputs.get(split.splitId)!;
    }
    const progress = this.readSplit(split, splitOutput);
    if (progress === 'more') {
      if (this.interleaveSplits && splits.length > 1) splits.push(splits.shift()!);
      return 'more-available';
    }
    if (progress === 'blocked') {
      this.blocked = true;
      return 'nothing-available';
    }
    splits.shift();
    this.releaseOutputOf(split.splitId);
    return splits.length > 0 ? 'more-available' : this.outOfSplits();
  }

  isAvailable(): Promise<void> {
    if (!this.blocked && (this.splits.length > 0 || this.noMoreSplits)) return AVAILABLE;
    this.availability ??= new Promise<void>((resolve) => (this.wakeUp = resolve));
    return this.availability;
  }

  addSplits(splits: S[]): void {
    // Copies: the reader advances positions in place, and the caller may still hold the originals.
    for (let i = 0; i < splits.length; i++) this.splits.push({ ...splits[i] });
    this.splitRequested = false;
    this.signalIfAvailable();
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true;
    this.splitRequested = false;
    this.signalIfAvailable();
  }

  snapshotState(_checkpointId: number): S[] {
    return this.splits.map((split) => ({ ...split }));
  }

  close(): void {
    // Closing ends the subtask's output too: nothing is released into it any more.
    this.splitOutputs.clear();
    this.splits.length = 0;
  }

  /** A blocked reader may read again (its rate limit has a free slot, its data has arrived). */
  protected unblock(): void {
    this.blocked = false;
    this.signalIfAvailable();
  }

  private createSplitOutputs(output: ReaderOutput<T>): void {
    this.readerOutput = output;
    for (const { splitId } of this.splits) {
      if (!this.splitOutputs.has(splitId))
        this.splitOutputs.set(splitId, output.createOutputForSplit?.(splitId) ?? output);
    }
  }

  private releaseOutputOf(splitId: string): void {
    if (this.splitOutputs.delete(splitId)) this.readerOutput!.releaseOutputForSplit?.(splitId);
  }

  private outOfSplits(): InputStatus {
    if (this.noMoreSplits) return 'end-of-input';
    if (!this.splitRequested) this.requestSplit();
    return 'nothing-available';
  }

  private requestSplit(): void {
    this.splitRequested = true;
    this.context.sendSplitRequest();
  }

  private signalIfAvailable(): void {
    if (this.blocked || this.wakeUp === undefined) return;
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    this.availability = undefined;
    wakeUp();
  }
}
