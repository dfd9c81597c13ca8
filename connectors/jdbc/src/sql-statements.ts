import type { SqlDialect } from './sql-dialect';

/** The SQL the connector runs, built from a dialect's pieces. */

/** A range of a numeric column that one source split reads; an open end has no bound. */
export interface ColumnRange {
  /** Inclusive; undefined for the first range, which also holds the rows where the column is NULL. */
  readonly lower: number | undefined;
  /** Exclusive; undefined for the last range. */
  readonly upper: number | undefined;
}

/** `INSERT INTO t (a, b) VALUES (?, ?), (?, ?), …` for `rowCount` rows, bound row after row. */
export function insertStatement(
  dialect: SqlDialect,
  table: string,
  columns: readonly string[],
  rowCount: number,
): string {
  const rows: string[] = new Array(rowCount);
  let index = 0;
  for (let r = 0; r < rowCount; r++) {
    const cells: string[] = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) cells[c] = dialect.placeholder(++index);
    rows[r] = `(${cells.join(', ')})`;
  }
  const cols = columns.map((c) => dialect.quoteIdentifier(c)).join(', ');
  return `INSERT INTO ${dialect.quoteIdentifier(table)} (${cols}) VALUES ${rows.join(', ')}`;
}

/**
 * A multi-row INSERT of any number of rows with one array parameter per column, of the column's
 * `type`: `INSERT INTO t (a, b) SELECT * FROM unnest($1::integer[], $2::text[])`. With `key`, an upsert.
 */
export function columnarInsertStatement(
  dialect: SqlDialect,
  table: string,
  columns: readonly string[],
  types: readonly string[],
  key: readonly string[] | undefined,
): string {
  const cols = columns.map((c) => dialect.quoteIdentifier(c)).join(', ');
  const arrays = types.map((type, i) => `${dialect.placeholder(i + 1)}::${type}[]`).join(', ');
  const insert = `INSERT INTO ${dialect.quoteIdentifier(table)} (${cols}) SELECT * FROM unnest(${arrays})`;
  return key === undefined ? insert : `${insert} ${dialect.upsertClause(columns, key)}`;
}

/** The multi-row INSERT, updating the rows whose `key` exists, in the dialect's own upsert syntax. */
export function upsertStatement(
  dialect: SqlDialect,
  table: string,
  columns: readonly string[],
  key: readonly string[],
  rowCount: number,
): string {
  return `${insertStatement(dialect, table, columns, rowCount)} ${dialect.upsertClause(columns, key)}`;
}

/** The columns of the exactly-once sink's progress table, in the order `recordProgress` binds them. */
export const PROGRESS_COLUMNS = ['writer_id', 'checkpoint_id', 'job_id', 'sink_id', 'subtask'] as const;

/**
 * One row per commit: the writer that prepared it and its checkpoint (the key), and for people
 * reading the table, the job that committed it, the sink's uid and the subtask.
 */
export function createProgressTable(dialect: SqlDialect, table: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${dialect.quoteIdentifier(table)} (` +
    'writer_id VARCHAR(36) NOT NULL, checkpoint_id BIGINT NOT NULL, job_id VARCHAR(200) NOT NULL, ' +
    `sink_id VARCHAR(200) NOT NULL, subtask INTEGER NOT NULL, committed_at ${dialect.timestampColumn}, ` +
    'PRIMARY KEY (writer_id, checkpoint_id))'
  );
}

/** Records one commit; inserts nothing (affects 0 rows) if it was recorded before. */
export function recordProgress(dialect: SqlDialect, table: string): string {
  return dialect.insertIgnoringDuplicates(insertStatement(dialect, table, PROGRESS_COLUMNS, 1));
}

/** Selects nothing, but tells whether the table exists and what its columns are. */
export function describeTable(dialect: SqlDialect, table: string): string {
  return `SELECT * FROM ${dialect.quoteIdentifier(table)} WHERE 1 = 0`;
}

/** Reads one range of a query's rows; the bounds are finite numbers, written as literals. */
export function splitQuery(dialect: SqlDialect, query: string, column: string, range: ColumnRange): string {
  const from = `SELECT * FROM (${query}) weir_split`;
  const col = `weir_split.${dialect.quoteIdentifier(column)}`;
  const conditions: string[] = [];
  if (range.lower !== undefined) conditions.push(`${col} >= ${numberLiteral(range.lower)}`);
  if (range.upper !== undefined) conditions.push(`${col} < ${numberLiteral(range.upper)}`);
  if (conditions.length === 0) return from;
  const where = conditions.join(' AND ');
  return range.lower === undefined ? `${from} WHERE ${where} OR ${col} IS NULL` : `${from} WHERE ${where}`;
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`A split bound must be a finite number, not ${value}.`);
  return String(value);
}
