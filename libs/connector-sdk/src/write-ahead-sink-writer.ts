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
  /**
   * How many items the writer handed over before these: item i is the writer's item
   * `firstItem + i`, the same number when a restore replays the commit (a system that drops
   * repeated sequence numbers, as Pulsar's deduplication does, takes it as the items' sequence).
   */
  readonly firstItem: number;
  readonly items: E[];
}

/**
 * The writer of an exactly-once sink whose system has no transaction that survives the writer
 * (a database connection, a publish): it keeps the records between two checkpoints, `encode`d as the
 * committer will send them, and hands them over at the barrier; they travel in the checkpoint, and
 * the committer writes them, idempotently, once the checkpoint is complete (a write-ahead log).
 * `encode` gets the record's timestamp too, for a system whose messages carry one.
 */
export class WriteAheadSinkWriter<T, E = T> implements PrecommittingSinkWriter<T, WriteAheadCommittable<E>> {
  private items: E[] = [];
  private readonly writerId = randomUUID();
  private handedOver = 0;

  constructor(
    private readonly subtask: number,
    private readonly encode: (value: T, timestamp: number | undefined) => E,
  ) {}

  write(value: T, timestamp: number | undefined): void {
    this.items.push(this.encode(value, timestamp));
  }

  /** Nothing to send yet: the records wait for their checkpoint. */
  flush(): void {}

  prepareCommit(checkpointId: number): WriteAheadCommittable<E>[] {
    if (this.items.length === 0) return [];
    const { writerId, subtask, items } = this;
    const committable = { writerId, subtask, checkpointId, firstItem: this.handedOver, items };
    this.handedOver += items.length;
    this.items = [];
    return [committable];
  }

  close(): void {
    this.items = [];
  }
}
