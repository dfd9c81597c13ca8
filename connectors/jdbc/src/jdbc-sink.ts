import {
  ConfigError,
  validateOptions,
  type Committer,
  type CommitterContext,
  type PrecommittingSinkWriter,
  type Sink,
  type SinkWriter,
  type SinkWriterContext,
  type TwoPhaseCommittingSink,
  type WriteAheadCommittable,
  WriteAheadSinkWriter,
} from '@weir/connector-sdk';
import { ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { dialectOf } from './dialects';
import { JdbcCommitter } from './jdbc-committer';
import type { JdbcRow } from './jdbc-connection';
import { JdbcSession, retryPolicy, type RetryPolicy } from './jdbc-session';
import { JdbcSinkWriter } from './jdbc-sink-writer';
import { parseJdbcUrl, type JdbcUrl } from './jdbc-url';
import { TableWriter, type TableSpec, type WriteMode } from './table-writer';

export type DeliveryGuarantee = 'at-least-once' | 'exactly-once';

export interface JdbcSinkOptions {
  /** postgres://user@host:5432/db, or mysql:// / mariadb:// for MariaDB and MySQL. */
  url: string;
  /** The table written to (`schema.table` allowed); it must exist. */
  table: string;
  /** 'append' (default): INSERT; 'upsert': insert or update by `key`, in the dialect's own syntax. */
  mode?: WriteMode;
  /** The upsert key's columns: the table's primary key or a unique key. Required for 'upsert'. */
  key?: string[];
  /** The columns written (default: the fields of the first record). */
  columns?: string[];
  /** Rows per INSERT statement (default 1000). */
  batchSize?: number;
  /** Retries of a write that failed on a transient error: a dropped connection, a deadlock (default 3). */
  maxRetries?: number;
  /** The pause before the first retry, doubling with each further one (default 100 ms). */
  retryBackoffMs?: number;
  /**
   * 'at-least-once' (default): rows are written as they come; after a failure, those since the last
   * checkpoint are written again (harmless for upserts). 'exactly-once': each checkpoint's rows are
   * written in one transaction when the checkpoint completes, so they appear at checkpoints.
   */
  deliveryGuarantee?: DeliveryGuarantee;
  /** Where exactly-once commits are recorded, in the same database (default 'weir_sink_progress'). */
  progressTable?: string;
}

class JdbcSinkOptionsSchema {
  @IsString() url!: string;
  @IsString() @MinLength(1) table!: string;
  @IsOptional() @IsIn(['append', 'upsert']) mode?: WriteMode;
  @IsOptional() @IsString({ each: true }) @ArrayMinSize(1) key?: string[];
  @IsOptional() @IsString({ each: true }) @ArrayMinSize(1) columns?: string[];
  @IsOptional() @IsInt() @Min(1) batchSize?: number;
  @IsOptional() @IsInt() @Min(0) maxRetries?: number;
  @IsOptional() @IsInt() @Min(0) retryBackoffMs?: number;
  @IsOptional() @IsIn(['at-least-once', 'exactly-once']) deliveryGuarantee?: DeliveryGuarantee;
  @IsOptional() @IsString() @MinLength(1) progressTable?: string;
}

export const DEFAULT_BATCH_SIZE = 1000;
export const DEFAULT_PROGRESS_TABLE = 'weir_sink_progress';

/**
 * A sink into a PostgreSQL or MariaDB/MySQL table: batched multi-row INSERTs or upserts, retried on
 * transient errors, at-least-once or exactly-once. Records are objects whose fields are the columns.
 */
export function jdbcSink<T extends object = JdbcRow>(options: JdbcSinkOptions): Sink<T> {
  const where = 'jdbcSink';
  const valid = validateOptions(JdbcSinkOptionsSchema, options, where);
  const url = parseJdbcUrl(valid.url, where);
  const mode = valid.mode ?? 'append';
  if (mode === 'upsert' && valid.key === undefined) {
    throw new ConfigError(`${where}: mode 'upsert' needs a 'key': the columns of the table's primary or unique key.`);
  }
  if (mode === 'append' && valid.key !== undefined) {
    throw new ConfigError(`${where}: 'key' is for mode 'upsert'; mode 'append' inserts every record.`);
  }
  const config: JdbcSinkConfig = {
    url,
    table: {
      table: valid.table,
      mode,
      key: valid.key ?? [],
      columns: valid.columns,
      batchSize: valid.batchSize ?? DEFAULT_BATCH_SIZE,
    },
    retry: retryPolicy(valid),
    progressTable: valid.progressTable ?? DEFAULT_PROGRESS_TABLE,
  };
  return valid.deliveryGuarantee === 'exactly-once' ? new ExactlyOnceJdbcSink(config) : new AtLeastOnceJdbcSink(config);
}

interface JdbcSinkConfig {
  readonly url: JdbcUrl;
  readonly table: TableSpec;
  readonly retry: RetryPolicy;
  readonly progressTable: string;
}

function session(config: JdbcSinkConfig): JdbcSession {
  return new JdbcSession(config.url, dialectOf(config.url), config.retry, 'jdbcSink');
}

class AtLeastOnceJdbcSink<T extends object> implements Sink<T> {
  constructor(private readonly config: JdbcSinkConfig) {}

  createWriter(_ctx: SinkWriterContext): SinkWriter<T> {
    const config = this.config;
    return new JdbcSinkWriter(
      session(config),
      new TableWriter(dialectOf(config.url), config.table),
      config.table.batchSize,
    );
  }
}

/** One checkpoint's rows from one subtask, written in one transaction when the checkpoint completes. */
export type JdbcCommittable<T> = WriteAheadCommittable<T>;

export class ExactlyOnceJdbcSink<T extends object> implements TwoPhaseCommittingSink<T, JdbcCommittable<T>> {
  readonly twoPhaseCommit = true;

  constructor(private readonly config: JdbcSinkConfig) {}

  createWriter(ctx: SinkWriterContext): PrecommittingSinkWriter<T, JdbcCommittable<T>> {
    return new WriteAheadSinkWriter(ctx.subtaskIndex, (row: T) => row);
  }

  createCommitter(ctx: CommitterContext): Committer<JdbcCommittable<T>> {
    const config = this.config;
    const table = new TableWriter(dialectOf(config.url), config.table);
    return new JdbcCommitter(session(config), table, config.progressTable, ctx);
  }
}
