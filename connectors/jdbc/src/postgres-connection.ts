import { Client } from 'pg';
import type { JdbcConnection, JdbcRow, QueryResult, RowCursor } from './jdbc-connection';

export async function connectPostgres(url: string): Promise<JdbcConnection> {
  const client = new Client({ connectionString: url });
  // A connection that dies while idle emits 'error'; the next query reports it.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return new PostgresConnection(client);
}

class PostgresConnection implements JdbcConnection {
  constructor(private readonly client: Client) {}

  async query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    const result = await this.client.query<JdbcRow>(sql, params as unknown[] | undefined);
    return {
      rows: result.rows,
      affectedRows: result.rowCount ?? 0,
      columns: (result.fields ?? []).map((field) => field.name),
    };
  }

  openCursor(sql: string, batchSize: number): RowCursor {
    return new PostgresCursor(this.client, sql, batchSize);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}

/** A server-side cursor in a read-only transaction: each `next` is one FETCH. */
class PostgresCursor implements RowCursor {
  private opened: Promise<unknown> | undefined;
  private done = false;

  constructor(
    private readonly client: Client,
    private readonly sql: string,
    private readonly batchSize: number,
  ) {}

  async next(): Promise<JdbcRow[]> {
    if (this.done) return [];
    this.opened ??= this.client.query(`BEGIN READ ONLY; DECLARE weir_cursor NO SCROLL CURSOR FOR ${this.sql}`);
    await this.opened;
    const result = await this.client.query<JdbcRow>(`FETCH FORWARD ${this.batchSize} FROM weir_cursor`);
    if (result.rows.length < this.batchSize) await this.close();
    return result.rows;
  }

  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (this.opened !== undefined) await this.client.query('ROLLBACK');
  }
}
