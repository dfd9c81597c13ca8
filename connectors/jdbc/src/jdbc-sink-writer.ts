import { BatchingSinkWriter } from '@weir/connector-sdk';
import type { JdbcSession } from './jdbc-session';
import type { TableWriter } from './table-writer';

/**
 * The at-least-once writer: batches written as they fill, one after another, on the writer's own
 * connection, each retried on transient errors.
 */
export class JdbcSinkWriter<T extends object> extends BatchingSinkWriter<T> {
  constructor(
    private readonly session: JdbcSession,
    private readonly table: TableWriter,
    batchSize: number,
  ) {
    super(batchSize);
  }

  protected sendBatch(records: T[]): Promise<void> {
    return this.session.run((connection) => this.table.write(connection, records));
  }

  protected closeClient(): Promise<void> {
    return this.session.close();
  }
}
