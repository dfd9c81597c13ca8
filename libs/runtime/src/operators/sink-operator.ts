import { NO_TIMESTAMP } from '../time-constants';
import { isTwoPhaseCommittingSink, type Committer, type OperatorSpec, type SinkWriter } from '@weir/core';
import type { OperatorState } from './operator-state';
import { StreamOperator } from './stream-operator';
import { TwoPhaseCommit } from './two-phase-commit';

type SinkSpec = Extract<OperatorSpec, { kind: 'sink' }>;

/** How often a sink's writer is flushed while records flow, so output shows up promptly. */
const FLUSH_INTERVAL_MS = 100;

/**
 * The end of a chain: hands records to the Sink's writer, flushing it periodically and at the end.
 * A two-phase-commit sink also pre-commits at every barrier and commits on completion notices
 * (see TwoPhaseCommit).
 */
export class SinkOperator extends StreamOperator<never> {
  private writer!: SinkWriter<unknown>;
  private twoPhaseCommit: TwoPhaseCommit | undefined;
  private restoredCommittables: OperatorState | undefined;
  /**
   * While the writer pre-commits (asynchronously), records that still reach the sink — from a timer
   * of the chain; the task holds its input — wait here, `[value, timestamp, …]`: they come after the
   * barrier, so they belong to the next transaction.
   */
  private afterBarrier: unknown[] | undefined;
  private dirty = false;
  /** Input has ended (or the subtask was restored finished): nothing more is written or pre-committed. */
  private ended = false;
  private asyncFailure: unknown;
  private cancelFlush: (() => void) | undefined;
  /** Records written so far, for progress and metrics. */
  recordsIn = 0;

  constructor(private readonly spec: SinkSpec) {
    super();
  }

  override initializeState(restored: OperatorState): void {
    this.restoredCommittables = restored;
  }

  override async open(): Promise<void> {
    const ctx = this.ctx;
    const sink = this.spec.sink;
    if (isTwoPhaseCommittingSink(sink)) {
      const committer: Committer<unknown> = sink.createCommitter({
        jobId: ctx.jobId,
        operatorUid: ctx.uid,
        subtaskIndex: ctx.subtaskIndex,
        parallelism: ctx.parallelism,
        taskName: ctx.operatorName,
      });
      this.twoPhaseCommit = new TwoPhaseCommit(committer);
      // Before the writer exists: nothing of this attempt may be rolled back.
      await this.twoPhaseCommit.recover(this.restoredCommittables);
      this.restoredCommittables = undefined;
    }
    this.writer = sink.createWriter({
      subtaskIndex: ctx.subtaskIndex,
      parallelism: ctx.parallelism,
      taskName: ctx.operatorName,
      sendToClient: (values) => ctx.sendToClient(values),
    });
    this.scheduleFlush();
  }

  processElement(value: unknown, timestamp: number): void {
    if (this.asyncFailure !== undefined) throw this.asyncFailure;
    if (this.afterBarrier !== undefined) {
      this.afterBarrier.push(value, timestamp);
      return;
    }
    this.recordsIn++;
    this.dirty = true;
    this.writer.write(value, timestamp === NO_TIMESTAMP ? undefined : timestamp);
  }

  override async snapshotState(checkpointId: number): Promise<OperatorState | undefined> {
    // The subtask's final snapshot: what finish() pre-committed, still waiting for its commit.
    if (this.ended) return this.twoPhaseCommit?.state();
    if (this.twoPhaseCommit === undefined) {
      // At least once: what reached the sink before the barrier is written before the checkpoint
      // counts, or a restore from it (its sources past those records) would lose what the writer held.
      await this.writer.flush(false);
      this.dirty = false;
      return undefined;
    }
    this.afterBarrier = [];
    try {
      await this.writer.flush(false);
      this.dirty = false;
      return await this.twoPhaseCommit.prepare(this.writer, checkpointId);
    } finally {
      const held = this.afterBarrier;
      this.afterBarrier = undefined;
      for (let i = 0; i < held.length; i += 2) this.processElement(held[i], held[i + 1] as number);
    }
  }

  override async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    await this.twoPhaseCommit?.commitUpTo(checkpointId);
  }

  /** The end of input: the last records are pre-committed, and committed when the whole job has finished. */
  override async finish(): Promise<void> {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    await this.writer.flush(true);
    if (this.asyncFailure !== undefined) throw this.asyncFailure;
    if (this.twoPhaseCommit !== undefined) await this.twoPhaseCommit.prepare(this.writer, Number.MAX_SAFE_INTEGER);
    this.ended = true;
  }

  /** The subtask was restored finished: its input ended before the checkpoint, so it writes nothing. */
  endRestored(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    this.ended = true;
  }

  /** The writer's back-pressure: a promise while it takes no more records (see SinkWriter). */
  backPressure(): Promise<void> | undefined {
    return this.writer.backPressure?.();
  }

  /** Whether this sink holds pre-committed output that waits for a completion notice. */
  get hasPendingCommits(): boolean {
    return this.twoPhaseCommit?.hasPending ?? false;
  }

  override async close(): Promise<void> {
    this.cancelFlush?.();
    await this.writer?.close();
    await this.twoPhaseCommit?.close();
  }

  private scheduleFlush(): void {
    const timers = this.ctx.processingTimeService;
    this.cancelFlush = timers.registerTimer(timers.getCurrentProcessingTime() + FLUSH_INTERVAL_MS, () => {
      if (this.dirty) {
        this.dirty = false;
        const flushed = this.writer.flush(false);
        // An asynchronous flush that fails fails the task at its next record (or at finish).
        if (flushed instanceof Promise) flushed.catch((error: unknown) => (this.asyncFailure ??= error));
      }
      this.scheduleFlush();
    });
  }
}
