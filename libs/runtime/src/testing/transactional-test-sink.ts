import { RuntimeFailure } from '@weir/common';
import type {
  Committer,
  CommitterContext,
  PrecommittingSinkWriter,
  SinkWriterContext,
  TwoPhaseCommittingSink,
} from '@weir/core';
import { randomUUID } from 'node:crypto';

interface Transaction<T> {
  readonly owner: number;
  readonly values: T[];
  prepared: boolean;
}

/**
 * An in-memory transactional store, standing in for what a real transactional sink writes to (a
 * database, a Kafka topic): values go into transactions, which are committed or aborted as a whole,
 * and only committed values are visible. It outlives the job's attempts, as an external system does.
 */
export class TransactionLog<T> {
  /** The values of committed transactions, in commit order. */
  readonly committed: T[] = [];
  private readonly open = new Map<string, Transaction<T>>();
  private readonly committedIds = new Set<string>();
  /** Transactions rolled back by `abortLingering`. */
  aborted = 0;
  /** Committers closed: each subtask's, when it is released. */
  committersClosed = 0;

  begin(id: string, owner: number): void {
    this.open.set(id, { owner, values: [], prepared: false });
  }

  write(id: string, value: T): void {
    const transaction = this.open.get(id);
    if (transaction === undefined || transaction.prepared) {
      throw new RuntimeFailure(`Transaction ${id} is not open for writing.`);
    }
    transaction.values.push(value);
  }

  prepare(id: string): void {
    this.open.get(id)!.prepared = true;
  }

  /** Idempotent: committing a committed transaction again changes nothing. */
  commit(id: string): void {
    if (this.committedIds.has(id)) return;
    const transaction = this.open.get(id);
    if (transaction === undefined) {
      throw new RuntimeFailure(`Transaction ${id} is neither open nor committed: it was aborted or never begun.`);
    }
    this.open.delete(id);
    this.committedIds.add(id);
    for (const value of transaction.values) this.committed.push(value);
  }

  /** Rolls back every open transaction of these owners (subtask indices). */
  abortOwnedBy(owns: (owner: number) => boolean): void {
    for (const [id, transaction] of [...this.open]) {
      if (!owns(transaction.owner)) continue;
      this.open.delete(id);
      this.aborted++;
    }
  }
}

export interface TransactionalTestSinkOptions {
  /** Called at every pre-commit; throwing from it fails the subtask in the middle of a checkpoint. */
  onPrepare?: (checkpointId: number, subtaskIndex: number) => void;
}

/**
 * A two-phase-commit sink over a TransactionLog, to prove exactly-once output: each writer writes
 * into a transaction of its own, pre-commits it at every barrier and begins the next; the committer
 * commits on the checkpoint's completion and, on start, aborts what its subtask left open.
 * Works where the log lives, so for jobs that run in the test's thread (declared inline).
 */
export class TransactionalTestSink<T> implements TwoPhaseCommittingSink<T, string> {
  readonly twoPhaseCommit = true;

  constructor(
    readonly log: TransactionLog<T>,
    private readonly options: TransactionalTestSinkOptions = {},
  ) {}

  createWriter(ctx: SinkWriterContext): PrecommittingSinkWriter<T, string> {
    const { log, options } = this;
    const prefix = `${ctx.subtaskIndex}-${randomUUID()}`;
    let sequence = 0;
    let current = `${prefix}-${sequence}`;
    log.begin(current, ctx.subtaskIndex);
    return {
      write: (value) => log.write(current, value),
      flush: () => {},
      prepareCommit: (checkpointId) => {
        options.onPrepare?.(checkpointId, ctx.subtaskIndex);
        const prepared = current;
        log.prepare(prepared);
        current = `${prefix}-${++sequence}`;
        log.begin(current, ctx.subtaskIndex);
        return [prepared];
      },
      close: () => {},
    };
  }

  createCommitter(ctx: CommitterContext): Committer<string> {
    const { log } = this;
    return {
      commit: async (transactions) => {
        for (const id of transactions) log.commit(id);
      },
      // Its own subtask's, and those of subtasks a rescale to fewer left without an owner.
      abortLingering: async () => log.abortOwnedBy((owner) => owner === ctx.subtaskIndex || owner >= ctx.parallelism),
      close: () => void log.committersClosed++,
    };
  }
}
