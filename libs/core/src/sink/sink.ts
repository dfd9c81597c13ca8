export interface SinkWriterContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly taskName: string;
  /** Delivers values to the job's client (`executeAndCollect`, collecting sinks in tests). */
  sendToClient(values: unknown[]): void;
}

/**
 * Writes one subtask's records. `write` is on the hot path and synchronous: a writer buffers, and
 * does its I/O in `flush`, which the runtime awaits at checkpoints and at the end of input.
 */
export interface SinkWriter<T> {
  write(value: T, timestamp: number | undefined): void;
  flush(endOfInput: boolean): void | Promise<void>;
  close(): void | Promise<void>;
  /**
   * Back-pressure, for a writer whose I/O may fall behind: a promise while it holds as much as it
   * should (its batches wait for a slow system), resolved when it takes records again; undefined
   * when it takes them now. Meanwhile the task takes no more input, so the writer's memory stays
   * bounded and the back-pressure travels to the sources.
   */
  backPressure?(): Promise<void> | undefined;
}

export interface Sink<T> {
  createWriter(ctx: SinkWriterContext): SinkWriter<T>;
}

/** A sink whose values end up in the client process, delivered there by the runtime. */
export interface ClientSink<T> extends Sink<T> {
  readonly deliversToClient: true;
  /** Called on the client with each batch a writer sent, in order per subtask. */
  receive(values: T[], subtaskIndex: number): void;
  /**
   * The job restarts from its beginning (no checkpoint to restore): what the failed attempt
   * delivered will be delivered again, so the sink drops it.
   */
  onRestart?(): void;
}

export function isClientSink<T>(sink: Sink<T>): sink is ClientSink<T> {
  return (sink as Partial<ClientSink<T>>).deliversToClient === true;
}

/**
 * A writer of a two-phase-commit sink (DESIGN.md §6 step 5). At each checkpoint barrier the runtime
 * calls `flush`, then `prepareCommit`: the writer closes what it wrote since the last barrier (a
 * transaction, an in-progress file) so that it can no longer change, and returns the committables
 * that make it visible. They go into the checkpoint, and are committed only once it is complete.
 */
export interface PrecommittingSinkWriter<T, C> extends SinkWriter<T> {
  prepareCommit(checkpointId: number): C[] | Promise<C[]>;
}

export interface CommitterContext {
  /**
   * The job's id, the same across restarts and restores of one job, and the sink's uid: with the
   * subtask and checkpoint id they name a commit, so a committer can record it and skip a replay.
   */
  readonly jobId: string;
  readonly operatorUid: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly taskName: string;
}

/**
 * Commits what writers prepared. `commit` runs when a checkpoint is complete, and again after a
 * restore for the committables that checkpoint held, so it must be idempotent: committing something
 * already committed is a no-op, never a duplicate.
 */
export interface Committer<C> {
  commit(committables: readonly C[]): Promise<void>;
  /**
   * On (re)start, before any writer writes: rolls back what a failed attempt left open and no
   * checkpoint will commit (lingering transactions, orphaned in-progress files).
   */
  abortLingering?(): Promise<void>;
  close(): void | Promise<void>;
}

export interface TwoPhaseCommittingSink<T, C> extends Sink<T> {
  readonly twoPhaseCommit: true;
  createWriter(ctx: SinkWriterContext): PrecommittingSinkWriter<T, C>;
  createCommitter(ctx: CommitterContext): Committer<C>;
}

export function isTwoPhaseCommittingSink<T>(sink: Sink<T>): sink is TwoPhaseCommittingSink<T, unknown> {
  return (sink as Partial<TwoPhaseCommittingSink<T, unknown>>).twoPhaseCommit === true;
}
