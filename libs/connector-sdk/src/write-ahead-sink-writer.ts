import type { PrecommittingSinkWriter } from '@weir/core';
import { randomUUID } from 'node:crypto';

/** One checkpoint's records (as the sink keeps them) from one writer. */
export interface WriteAheadCommittable<E> {
  /**
   * A random id per writer (per subtask and attempt). With the checkpoint id it names the commit:
   * the same when a restored job replays it, even under a new job id, and never the same for a fresh
   * run whose checkpoint ids start again at 1. A committer records it, or derives ids from it, to
   * make a replay a no-op.
   */
  readonly writerId: string;
  readonly subtask: number;
  readonly checkpointId: number;
  readonly items: E[];
}

/**
 * The writer of an exactly-once sink whose system has no transaction that survives the writer
 * (a database connection, a publish): it keeps the records between two checkpoints, `encode`d as the
 * committer will send them, and hands them over at the barrier; they travel in the checkpoint, and
 * the committer writes them, idempotently, once the checkpoint is complete (a write-ahead log).
 */
export class WriteAheadSinkWriter<T, E = T> implements PrecommittingSinkWriter<T, WriteAheadCommittable<E>> {
  private items: E[] = [];
  private readonly writerId = randomUUID();

  constructor(
    private readonly subtask: number,
    private readonly encode: (value: T) => E,
  ) {}

  write(value: T): void {
    this.items.push(this.encode(value));
  }

  /** Nothing to send yet: the records wait for their checkpoint. */
  flush(): void {}

  prepareCommit(checkpointId: number): WriteAheadCommittable<E>[] {
    if (this.items.length === 0) return [];
    const committable = { writerId: this.writerId, subtask: this.subtask, checkpointId, items: this.items };
    this.items = [];
    return [committable];
  }

  close(): void {
    this.items = [];
  }
}
