import {
  SourceReaderBase,
  WeirError,
  type ReaderOutput,
  type SourceReaderContext,
  type SplitProgress,
} from '@weir/connector-sdk';
import type { JdbcConnection, JdbcRow, RowCursor } from './jdbc-connection';
import { describe, JdbcSession, type RetryPolicy } from './jdbc-session';
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
  readonly retry: RetryPolicy;
}

/**
 * Reads its splits one after another, each through a cursor on the reader's own connection: a
 * fetch runs while the task does other work, and the reader is blocked until it lands, so it holds
 * at most one batch. A split's offset counts the rows emitted; a cursor opened on a split skips that
 * many, so a restored split, or one whose connection broke (retried like the sink's writes), goes on
 * where it was.
 */
export class JdbcSourceReader<T> extends SourceReaderBase<T, JdbcSplit> {
  private readonly session: JdbcSession;
  /** The split the cursor reads, and what it fetched for it. */
  private current: JdbcSplit | undefined;
  private cursor: RowCursor | undefined;
  private fetched: JdbcRow[] | undefined;
  /** Rows the cursor returns that were emitted before (from a checkpoint, or a broken connection). */
  private skip = 0;
  private failure: unknown;

  constructor(
    context: SourceReaderContext,
    private readonly spec: JdbcReadSpec<T>,
  ) {
    super(context, false);
    this.session = new JdbcSession(spec.url, spec.dialect, spec.retry, 'jdbcSource');
  }

  protected readSplit(split: JdbcSplit, output: ReaderOutput<T>): SplitProgress {
    if (this.failure !== undefined) throw this.failure;
    if (this.current !== split) {
      this.current = split;
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
    void this.session.close();
  }

  /** Fetches the split's next batch, opening a cursor first if need be. */
  private fetch(split: JdbcSplit): void {
    const spec = this.spec;
    const next = async (connection: JdbcConnection) => {
      try {
        if (this.cursor === undefined) {
          const sql =
            spec.partitionColumn === undefined
              ? spec.query
              : splitQuery(spec.dialect, spec.query, spec.partitionColumn, split);
          this.cursor = connection.openCursor(sql, spec.fetchSize);
          this.skip = split.offset;
        }
        return await this.cursor.next();
      } catch (error) {
        // A retry opens the cursor again, on a new connection.
        this.cursor = undefined;
        throw error;
      }
    };
    this.session.run(next).then(
      (rows) => {
        this.fetched = rows;
        this.unblock();
      },
      (error: unknown) => {
        this.failure =
          error instanceof WeirError
            ? error
            : new WeirError(
                `jdbcSource: reading ${split.splitId} of the query from ${spec.url.display} failed: ${describe(error)}`,
                { cause: error },
              );
        this.unblock();
      },
    );
  }
}
