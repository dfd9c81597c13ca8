import {
  SourceReaderBase,
  WeirError,
  type ReaderOutput,
  type SourceReaderContext,
  type SplitProgress,
} from '@weir/connector-sdk';
import { openConnection, type JdbcConnection, type JdbcRow, type RowCursor } from './jdbc-connection';
import type { JdbcSplit } from './jdbc-split';
import type { JdbcUrl } from './jdbc-url';
import type { SqlDialect } from './sql-dialect';
import { splitQuery } from './sql-statements';

export interface JdbcReadSpec<T> {
  readonly url: JdbcUrl;
  readonly dialect: SqlDialect;
  readonly query: string;
  readonly partitionColumn: string | undefined;
  readonly fetchSize: number;
  readonly map: ((row: JdbcRow) => T) | undefined;
}

/**
 * Reads its splits one after another, each through a cursor on the reader's own connection: a
 * fetch runs while the task does other work, and the reader is blocked until it lands, so it holds
 * at most one batch. A split's offset counts the rows emitted, and a restored split skips that many.
 */
export class JdbcSourceReader<T> extends SourceReaderBase<T, JdbcSplit> {
  private connection: Promise<JdbcConnection> | undefined;
  /** The split the cursor reads, and what it fetched for it. */
  private current: JdbcSplit | undefined;
  private cursor: RowCursor | undefined;
  private fetched: JdbcRow[] | undefined;
  /** Rows of a restored split to drop: those emitted before the checkpoint. */
  private skip = 0;
  private failure: unknown;

  constructor(
    context: SourceReaderContext,
    private readonly spec: JdbcReadSpec<T>,
  ) {
    super(context, false);
  }

  protected readSplit(split: JdbcSplit, output: ReaderOutput<T>): SplitProgress {
    if (this.failure !== undefined) throw this.failure;
    if (this.current !== split) {
      this.current = split;
      this.skip = split.offset;
      this.fetch(split);
      return 'blocked';
    }
    const rows = this.fetched;
    if (rows === undefined) return 'blocked';
    this.fetched = undefined;
    let from = 0;
    if (this.skip > 0) {
      from = Math.min(this.skip, rows.length);
      this.skip -= from;
    }
    const map = this.spec.map;
    for (let i = from; i < rows.length; i++) output.collect(map === undefined ? (rows[i] as T) : map(rows[i]));
    split.offset += rows.length - from;
    if (rows.length < this.spec.fetchSize) {
      this.current = undefined;
      this.cursor = undefined;
      return 'finished';
    }
    this.fetch(split);
    return 'blocked';
  }

  override close(): void {
    super.close();
    const connection = this.connection;
    this.connection = undefined;
    connection?.then((c) => c.close()).catch(() => {});
  }

  /** Fetches the split's next batch (opening the connection and the cursor first if need be). */
  private fetch(split: JdbcSplit): void {
    const spec = this.spec;
    const next = async () => {
      if (this.cursor === undefined) {
        this.connection ??= openConnection(spec.url);
        const sql =
          spec.partitionColumn === undefined
            ? spec.query
            : splitQuery(spec.dialect, spec.query, spec.partitionColumn, split);
        this.cursor = (await this.connection).openCursor(sql, spec.fetchSize);
      }
      return this.cursor.next();
    };
    next().then(
      (rows) => {
        this.fetched = rows;
        this.unblock();
      },
      (error: unknown) => {
        this.failure = new WeirError(
          `jdbcSource: reading ${split.splitId} of the query from ${spec.url.display} failed: ${describe(error)}`,
          { cause: error },
        );
        this.unblock();
      },
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
