import type { Committer, CommitterContext, WriteAheadCommittable } from '@weir/connector-sdk';
import type { JdbcConnection } from './jdbc-connection';
import type { JdbcSession } from './jdbc-session';
import { createProgressTable, recordProgress } from './sql-statements';
import type { TableWriter } from './table-writer';

/**
 * Writes each committable's rows in one transaction that also records (writer, checkpoint) — with
 * the job, the sink's uid and the subtask — in the progress table. A commit replayed after a restore finds its record there and
 * writes nothing; a transaction that a crash cut short left nothing behind, so the replay writes it
 * all. A transient failure retries the whole transaction.
 */
export class JdbcCommitter<T extends object> implements Committer<WriteAheadCommittable<T>> {
  private progressTableReady = false;

  constructor(
    private readonly session: JdbcSession,
    private readonly table: TableWriter,
    private readonly progressTable: string,
    private readonly context: Pick<CommitterContext, 'jobId' | 'operatorUid'>,
  ) {}

  async commit(committables: readonly WriteAheadCommittable<T>[]): Promise<void> {
    const ordered = [...committables].sort((a, b) => a.checkpointId - b.checkpointId || a.subtask - b.subtask);
    for (const committable of ordered) await this.session.run((c) => this.commitOne(c, committable));
  }

  async close(): Promise<void> {
    await this.session.close();
  }

  private async commitOne(connection: JdbcConnection, committable: WriteAheadCommittable<T>): Promise<void> {
    const dialect = this.session.dialect;
    if (!this.progressTableReady) await this.createProgressTable(connection);
    await connection.query('BEGIN');
    try {
      // First, so that a concurrent replay of the same commit waits on this row's lock.
      const recorded = await connection.query(recordProgress(dialect, this.progressTable), [
        committable.writerId,
        committable.checkpointId,
        this.context.jobId,
        this.context.operatorUid,
        committable.subtask,
      ]);
      if (recorded.affectedRows === 0) {
        // Committed before this replay.
        await connection.query('ROLLBACK');
        return;
      }
      await this.table.write(connection, committable.items);
      await connection.query('COMMIT');
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  /** Every subtask's committer creates the table on its first commit, typically all at once. */
  private async createProgressTable(connection: JdbcConnection): Promise<void> {
    try {
      await connection.query(createProgressTable(this.session.dialect, this.progressTable));
    } catch (error) {
      // Another committer created it in the same moment: it is there now.
      if (!this.session.dialect.isConcurrentCreate(error)) throw error;
    }
    this.progressTableReady = true;
  }
}
