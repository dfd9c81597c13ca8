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

  /**
   * @param interleaveSplits take the held splits in turn, a batch each, instead of one after another:
   *   an unbounded source needs it, or a reader given several endless splits (after a rescale) would
   *   read only the first.
   */
  protected constructor(
    protected readonly context: SourceReaderContext,
    private readonly interleaveSplits: boolean,
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
    const split = splits[0];
    const progress = this.readSplit(split, output);
    if (progress === 'more') {
      if (this.interleaveSplits && splits.length > 1) splits.push(splits.shift()!);
      return 'more-available';
    }
    if (progress === 'blocked') {
      this.blocked = true;
      return 'nothing-available';
    }
    splits.shift();
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
    this.splits.length = 0;
  }

  /** A blocked reader may read again (its rate limit has a free slot, its data has arrived). */
  protected unblock(): void {
    this.blocked = false;
    this.signalIfAvailable();
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
