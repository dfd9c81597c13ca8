import type { DialectName } from './jdbc-url';

/**
 * What differs between PostgreSQL and MariaDB/MySQL: quoting, bind parameters, upsert syntax, the
 * error codes that are worth a retry. The statements themselves are built once, in `sql-statements.ts`.
 */
export interface SqlDialect {
  readonly name: DialectName;
  /** The most bind parameters one statement may carry. */
  readonly maxParameters: number;
  /** A name, or a dotted `schema.table`, quoted so that any name is safe in SQL. */
  quoteIdentifier(name: string): string;
  /** The `index`th (1-based) bind parameter of a statement. */
  placeholder(index: number): string;
  /** A record's field as a bind parameter: undefined as NULL, and what the driver cannot send as it is. */
  bindValue(value: unknown): unknown;
  /** What follows a multi-row INSERT to update the non-key columns of rows whose key exists. */
  upsertClause(columns: readonly string[], key: readonly string[]): string;
  /** An INSERT of the given statement's kind that skips a row whose primary key exists. */
  insertIgnoringDuplicates(insert: string): string;
  /** The type of a column holding when a row was written, with its default. */
  readonly timestampColumn: string;
  /**
   * A query of (name, type) for the table's columns, when the dialect has a columnar INSERT (one
   * array parameter per column, unnested by the server): PostgreSQL parses and binds that much faster
   * than thousands of row parameters.
   */
  columnTypesQuery?(table: string): { readonly sql: string; readonly params: unknown[] };
  /** True when the statement may succeed if tried again: a dropped connection, a deadlock. */
  isTransient(error: unknown): boolean;
  isMissingTable(error: unknown): boolean;
  /**
   * True when a CREATE … IF NOT EXISTS failed because another session created the same table at the
   * same moment: both found it absent. The other's CREATE has committed by the time this one fails.
   */
  isConcurrentCreate(error: unknown): boolean;
}

/** `schema.table` → `"schema"."table"` (with `"` as `quote`): each part quoted, quotes doubled. */
export function quoteQualified(name: string, quote: string): string {
  return name
    .split('.')
    .map((part) => quote + part.split(quote).join(quote + quote) + quote)
    .join('.');
}

/** The error's code as the drivers give it: a SQLSTATE or errno name, or a Node.js socket error. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Socket-level failures both drivers pass on from Node.js: the connection, not the statement, failed. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
