import type { PrecommittingSinkWriter } from '@weir/connector-sdk';
import { randomUUID } from 'node:crypto';
import type { JdbcCommittable } from './jdbc-committable';

/** Collects the records between two checkpoints; the committer writes them once the checkpoint is complete. */
export class ExactlyOnceJdbcWriter<T extends object> implements PrecommittingSinkWriter<T, JdbcCommittable<T>> {
  private rows: T[] = [];
  private readonly writerId = randomUUID();

  constructor(private readonly subtask: number) {}

  write(value: T): void {
    this.rows.push(value);
  }

  /** Nothing to write yet: the rows wait for their checkpoint. */
  flush(): void {}

  prepareCommit(checkpointId: number): JdbcCommittable<T>[] {
    if (this.rows.length === 0) return [];
    const committable = { writerId: this.writerId, subtask: this.subtask, checkpointId, rows: this.rows };
    this.rows = [];
    return [committable];
  }

  close(): void {
    this.rows = [];
  }
}
