import { createConnection, type Connection, type FieldPacket, type ResultSetHeader } from 'mysql2';
import type { JdbcConnection, JdbcRow, QueryResult, RowCursor } from './jdbc-connection';

export function connectMysql(url: string): Promise<JdbcConnection> {
  const parsed = new URL(url);
  const connection = createConnection({
    host: parsed.hostname,
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    // Exact big integers as strings rather than rounded numbers.
    supportBigNumbers: true,
  });
  // A connection that dies while idle emits 'error'; the next query reports it.
  connection.on('error', () => {});
  return new Promise((resolve, reject) => {
    connection.connect((error) => {
      if (error === null) resolve(new MysqlConnection(connection));
      else {
        connection.destroy();
        reject(error);
      }
    });
  });
}

class MysqlConnection implements JdbcConnection {
  private cursor: MysqlCursor | undefined;

  constructor(private readonly connection: Connection) {}

  query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    return new Promise((resolve, reject) => {
      this.connection.query(sql, (params ?? []) as unknown[], (error, result, fields) => {
        if (error !== null) return reject(error);
        if (Array.isArray(result)) {
          const columns = ((fields ?? []) as FieldPacket[]).map((field) => field.name);
          resolve({ rows: result as JdbcRow[], affectedRows: 0, columns });
        } else {
          resolve({ rows: [], affectedRows: (result as ResultSetHeader).affectedRows, columns: [] });
        }
      });
    });
  }

  openCursor(sql: string, batchSize: number): RowCursor {
    this.cursor = new MysqlCursor(this.connection, sql, batchSize);
    return this.cursor;
  }

  close(): Promise<void> {
    // A paused query never ends, and `end` would wait for it: close the socket instead.
    if (this.cursor !== undefined && !this.cursor.ended) {
      this.connection.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.connection.end(() => {
        this.connection.destroy();
        resolve();
      });
    });
  }
}

/**
 * Streams the rows of one query and pauses the connection whenever a batch is buffered: MariaDB has
 * no cursor for an arbitrary query, but TCP flow control holds the server back just the same.
 */
class MysqlCursor implements RowCursor {
  private buffer: JdbcRow[] = [];
  ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly connection: Connection,
    sql: string,
    private readonly batchSize: number,
  ) {
    connection
      .query(sql)
      .on('result', (row) => {
        this.buffer.push(row as JdbcRow);
        if (this.buffer.length >= batchSize) {
          connection.pause();
          this.signal();
        }
      })
      .on('error', (error) => {
        this.failure = error;
        this.signal();
      })
      .on('end', () => {
        this.ended = true;
        this.signal();
      });
  }

  async next(): Promise<JdbcRow[]> {
    while (this.failure === undefined && !this.ended && this.buffer.length < this.batchSize) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failure !== undefined) throw this.failure;
    const rows = this.buffer;
    this.buffer = [];
    if (!this.ended) this.connection.resume();
    return rows;
  }

  /** Reads and drops what is left, so the connection can run the next query. */
  async close(): Promise<void> {
    while (!this.ended && this.failure === undefined) await this.next();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
