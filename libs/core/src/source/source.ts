/**
 * The split-based source SPI (DESIGN.md §8, Flink's FLIP-27): an enumerator on the coordinator hands
 * out splits; a reader on each subtask reads the splits it was given. Splits and enumerator
 * checkpoints travel between processes, so they must be plain data (structured-clonable).
 */
export type Boundedness = 'bounded' | 'unbounded';

export interface SourceSplit {
  readonly splitId: string;
}

export interface SplitEnumeratorContext<S extends SourceSplit> {
  readonly currentParallelism: number;
  registeredReaders(): ReadonlySet<number>;
  assignSplits(subtaskIndex: number, splits: S[]): void;
  signalNoMoreSplits(subtaskIndex: number): void;
}

export interface SplitEnumerator<S extends SourceSplit, CHK> {
  start(): void;
  /** A reader asked for more work. */
  handleSplitRequest(subtaskIndex: number): void;
  /** A reader registered (at start, or after a restart). */
  addReader(subtaskIndex: number): void;
  /** Splits a failed reader had not finished come back here to be reassigned. */
  addSplitsBack(splits: S[], subtaskIndex: number): void;
  snapshotState(checkpointId: number): CHK;
  close(): void;
}

/**
 * Where a reader emits records; `timestamp` is the record's own time if the source knows it.
 *
 * A reader that reads several splits at once (partitions of a topic) emits each split's records
 * through that split's own output, as Flink's split-aware readers do: the runtime then generates
 * watermarks per split and the subtask's watermark is the lowest over its splits, so a split with a
 * backlog read together with a current one is not judged late against the current one's times.
 * `SourceReaderBase` does this for the readers built on it. A reader uses split outputs or this one,
 * never both.
 */
export interface ReaderOutput<T> {
  collect(record: T, timestamp?: number): void;
  /** The output for the records of one split (the same one until released); absent: emit here. */
  createOutputForSplit?(splitId: string): ReaderOutput<T>;
  /** The split has ended or left the reader: its watermark no longer holds the subtask's back. */
  releaseOutputForSplit?(splitId: string): void;
}

export interface SourceReaderContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
  /** Asks the enumerator for more splits; the answer arrives later through `addSplits`. */
  sendSplitRequest(): void;
}

/** What `pollNext` says about the reader after emitting what it had. */
export type InputStatus = 'more-available' | 'nothing-available' | 'end-of-input';

export interface SourceReader<T, S extends SourceSplit> {
  start(): void;
  /**
   * Emits the records available now, a batch of up to ~1,000 at a time so the runtime can interleave
   * checkpoints and watermarks, and says whether more are ready. Never blocks.
   */
  pollNext(output: ReaderOutput<T>): InputStatus;
  /** Resolves when `pollNext` may have data again, after it returned 'nothing-available'. */
  isAvailable(): Promise<void>;
  addSplits(splits: S[]): void;
  notifyNoMoreSplits(): void;
  /** The state of the splits this reader holds, including its position in each. */
  snapshotState(checkpointId: number): S[];
  /**
   * The checkpoint is complete (Flink's CheckpointListener): a reader may now tell the system what
   * it has read (commit offsets for monitoring); never needed for correctness.
   */
  notifyCheckpointComplete?(checkpointId: number): void | Promise<void>;
  close(): void;
}

export interface Source<T, S extends SourceSplit = SourceSplit, CHK = unknown> {
  readonly boundedness: Boundedness;
  /** When set, the source runs at this parallelism whatever the job's default (fromElements: 1). */
  readonly fixedParallelism?: number;
  createEnumerator(ctx: SplitEnumeratorContext<S>): SplitEnumerator<S, CHK>;
  restoreEnumerator(ctx: SplitEnumeratorContext<S>, checkpoint: CHK): SplitEnumerator<S, CHK>;
  createReader(ctx: SourceReaderContext): SourceReader<T, S>;
}
