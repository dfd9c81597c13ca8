import { ConfigError, WeirError } from '@weir/connector-sdk';
import type { JdbcConnection } from './jdbc-connection';
import { describe } from './jdbc-session';
import type { SqlDialect } from './sql-dialect';
import { columnarInsertStatement, describeTable, insertStatement, upsertStatement } from './sql-statements';

export type WriteMode = 'append' | 'upsert';

export interface TableSpec {
  readonly table: string;
  readonly mode: WriteMode;
  /** The upsert key's columns; empty in 'append' mode. */
  readonly key: readonly string[];
  /** The columns written; when undefined, the fields of the first record. */
  readonly columns: readonly string[] | undefined;
  /** Rows per statement at most (fewer when the columns would pass the dialect's parameter limit). */
  readonly batchSize: number;
}

/**
 * Writes records into one table as multi-row INSERTs (or upserts), a batch per statement. The first
 * write checks that the table and every column exist, so a typo fails with a message naming it
 * rather than deep in a statement. Records are objects; a missing field is written as NULL.
 * Where the dialect has a columnar INSERT and no column is an array, a batch is bound as one array
 * per column (about 1.7× the rows per second on PostgreSQL); otherwise row after row.
 */
export class TableWriter {
  private columns: readonly string[] | undefined;
  private rowsPerStatement = 0;
  private readonly statements = new Map<number, string>();
  /** The columnar statement, when the dialect and the columns' types allow it. */
  private columnar: string | undefined;

  constructor(
    private readonly dialect: SqlDialect,
    private readonly spec: TableSpec,
  ) {}

  async write(connection: JdbcConnection, records: readonly object[]): Promise<void> {
    if (records.length === 0) return;
    const columns = this.columns ?? (await this.resolveColumns(connection, records[0]));
    const rows = this.spec.mode === 'upsert' ? lastPerKey(records, this.spec.key) : records;
    for (let start = 0; start < rows.length; start += this.rowsPerStatement) {
      const end = Math.min(start + this.rowsPerStatement, rows.length);
      try {
        if (this.columnar !== undefined) {
          await connection.query(this.columnar, this.columnArrays(rows, start, end, columns));
        } else {
          await connection.query(this.statement(end - start), this.parameters(rows, start, end, columns));
        }
      } catch (error) {
        if (this.dialect.isTransient(error)) throw error;
        throw new WeirError(`jdbcSink: writing to table '${this.spec.table}' failed: ${describe(error)}`, {
          cause: error,
        });
      }
    }
  }

  private parameters(rows: readonly object[], start: number, end: number, columns: readonly string[]): unknown[] {
    const bind = this.dialect.bindValue;
    const width = columns.length;
    const params: unknown[] = new Array((end - start) * width);
    let p = 0;
    for (let r = start; r < end; r++) {
      const row = rows[r] as Record<string, unknown>;
      for (let c = 0; c < width; c++) params[p++] = bind(row[columns[c]]);
    }
    return params;
  }

  private columnArrays(rows: readonly object[], start: number, end: number, columns: readonly string[]): unknown[][] {
    const bind = this.dialect.bindValue;
    const arrays: unknown[][] = [];
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      const values: unknown[] = new Array(end - start);
      for (let r = start; r < end; r++) values[r - start] = bind((rows[r] as Record<string, unknown>)[column]);
      arrays.push(values);
    }
    return arrays;
  }

  private statement(rowCount: number): string {
    let sql = this.statements.get(rowCount);
    if (sql === undefined) {
      const { table, mode, key } = this.spec;
      const columns = this.columns!;
      sql =
        mode === 'upsert'
          ? upsertStatement(this.dialect, table, columns, key, rowCount)
          : insertStatement(this.dialect, table, columns, rowCount);
      // Full batches come back again and again; odd-sized ones need not stay.
      if (rowCount === this.rowsPerStatement) this.statements.set(rowCount, sql);
    }
    return sql;
  }

  private async resolveColumns(connection: JdbcConnection, first: object): Promise<readonly string[]> {
    const { table, key } = this.spec;
    if (typeof first !== 'object' || first === null || Array.isArray(first)) {
      throw new WeirError(
        `jdbcSink: records for table '${table}' must be objects (column name → value), not ${JSON.stringify(first)}.`,
      );
    }
    let existing: string[];
    try {
      existing = (await connection.query(describeTable(this.dialect, table))).columns;
    } catch (error) {
      if (this.dialect.isMissingTable(error)) {
        throw new ConfigError(`jdbcSink: 'table' names '${table}', which does not exist: create it first.`, {
          cause: error,
        });
      }
      throw error;
    }
    const columns = this.spec.columns ?? Object.keys(first);
    const unknown = columns.filter((c) => !existing.includes(c));
    if (unknown.length > 0) {
      throw new ConfigError(
        `jdbcSink: table '${table}' has no column ${unknown.map((c) => `'${c}'`).join(', ')} ` +
          `(its columns: ${existing.join(', ')}); ` +
          (this.spec.columns === undefined ? 'the columns come from the fields of the records.' : "see 'columns'."),
      );
    }
    const missingKey = key.filter((c) => !columns.includes(c));
    if (missingKey.length > 0) {
      throw new ConfigError(
        `jdbcSink: the upsert 'key' column ${missingKey.map((c) => `'${c}'`).join(', ')} is not among the ` +
          `columns written to '${table}' (${columns.join(', ')}).`,
      );
    }
    this.columns = columns;
    this.columnar = await this.columnarStatement(connection, columns);
    this.rowsPerStatement =
      this.columnar !== undefined
        ? this.spec.batchSize
        : Math.max(1, Math.min(this.spec.batchSize, Math.floor(this.dialect.maxParameters / columns.length)));
    return columns;
  }

  /** The columnar INSERT of these columns, or undefined where the dialect has none or a column is an array. */
  private async columnarStatement(connection: JdbcConnection, columns: readonly string[]): Promise<string | undefined> {
    const query = this.dialect.columnTypesQuery?.(this.spec.table);
    if (query === undefined) return undefined;
    const typeOf = new Map(
      (await connection.query(query.sql, query.params)).rows.map((row) => [String(row.name), String(row.type)]),
    );
    const types = columns.map((column) => typeOf.get(column) ?? '');
    // unnest would flatten an array column's values; an unknown type cannot be cast to.
    if (types.some((type) => type === '' || type.endsWith(']'))) return undefined;
    const { table, mode, key } = this.spec;
    return columnarInsertStatement(this.dialect, table, columns, types, mode === 'upsert' ? key : undefined);
  }
}

/**
 * The last record of each key, in order of first appearance: one statement must not upsert a key
 * twice (PostgreSQL refuses to, and the last write is the one that counts).
 */
function lastPerKey(records: readonly object[], key: readonly string[]): object[] {
  const byKey = new Map<unknown, object>();
  for (let i = 0; i < records.length; i++) {
    const row = records[i] as Record<string, unknown>;
    byKey.set(key.length === 1 ? row[key[0]] : compositeKey(row, key), row);
  }
  return byKey.size === records.length ? (records as object[]) : [...byKey.values()];
}

function compositeKey(row: Record<string, unknown>, key: readonly string[]): string {
  let out = '';
  for (let i = 0; i < key.length; i++) out += `${String(row[key[i]])}\u0000`;
  return out;
}
