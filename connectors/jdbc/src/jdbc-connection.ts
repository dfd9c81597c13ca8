import type { JdbcUrl } from './jdbc-url';
import { connectMysql } from './mysql-connection';
import { connectPostgres } from './postgres-connection';

/** A row as the driver returns it: column name → value. */
export type JdbcRow = Record<string, unknown>;

export interface QueryResult {
  readonly rows: JdbcRow[];
  /** Rows an INSERT/UPDATE/DELETE affected. */
  readonly affectedRows: number;
  /** The result's column names, also for a query that returned no row. */
  readonly columns: string[];
}

/** Reads a query's rows batch by batch, so a reader never holds more than a batch or two. */
export interface RowCursor {
  /** The next rows, up to the cursor's batch size; an empty array at the end. */
  next(): Promise<JdbcRow[]>;
  close(): Promise<void>;
}

/**
 * One connection to PostgreSQL (`pg`) or MariaDB/MySQL (`mysql2`), narrowed to what the connector
 * needs, so readers and writers are written once for both.
 */
export interface JdbcConnection {
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
  /** Runs `sql` and reads its rows `batchSize` at a time; the connection does nothing else meanwhile. */
  openCursor(sql: string, batchSize: number): RowCursor;
  /** Ends the connection; a connection that failed is closed without waiting for the server. */
  close(): Promise<void>;
}

export function openConnection(url: JdbcUrl): Promise<JdbcConnection> {
  return url.dialect === 'postgres' ? connectPostgres(url.url) : connectMysql(url.url);
}
