import {
  ConfigError,
  StaticSplitEnumerator,
  validateOptions,
  type Source,
  type SourceReader,
  type SourceReaderContext,
  type SplitEnumerator,
  type SplitEnumeratorContext,
} from '@weir/connector-sdk';
import { IsInt, IsNumber, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { dialectOf } from './dialects';
import type { JdbcRow } from './jdbc-connection';
import { JdbcSourceReader, type JdbcReadSpec } from './jdbc-source-reader';
import { retryPolicy } from './jdbc-session';
import { planSplits, type JdbcSplit, type PartitionPlan } from './jdbc-split';
import { parseJdbcUrl } from './jdbc-url';
import { IsFunction } from './is-function';

export interface JdbcSourceOptions<T> {
  /** postgres://user@host:5432/db, or mysql:// / mariadb:// for MariaDB and MySQL. */
  url: string;
  /** A SELECT; with a partition column it is read as `SELECT * FROM (query) WHERE <range>`. */
  query: string;
  /**
   * A numeric column of the query's result by which it is read in ranges, in parallel. Needs
   * `lowerBound` and `upperBound`: they set the width of the ranges (rows outside them are read too).
   */
  partitionColumn?: string;
  lowerBound?: number;
  upperBound?: number;
  /** How many ranges (default: the source's parallelism). */
  numPartitions?: number;
  /** Rows per fetch (default 1000): what a reader holds in memory at most. */
  fetchSize?: number;
  /** Turns a row (column name → the driver's value) into the record; the row itself by default. */
  map?: (row: JdbcRow) => T;
  /** Retries of a fetch that failed on a transient error: a dropped connection (default 3). */
  maxRetries?: number;
  /** The pause before the first retry, doubling with each further one (default 100 ms). */
  retryBackoffMs?: number;
}

class JdbcSourceOptionsSchema {
  @IsString() url!: string;
  @IsString() @MinLength(1) query!: string;
  @IsOptional() @IsString() @MinLength(1) partitionColumn?: string;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) lowerBound?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) upperBound?: number;
  @IsOptional() @IsInt() @Min(1) numPartitions?: number;
  @IsOptional() @IsInt() @Min(1) fetchSize?: number;
  @IsOptional() @IsFunction() map?: (row: JdbcRow) => unknown;
  @IsOptional() @IsInt() @Min(0) maxRetries?: number;
  @IsOptional() @IsInt() @Min(0) retryBackoffMs?: number;
}

export const DEFAULT_FETCH_SIZE = 1000;

/** The source's checkpoint is the ranges not handed out yet; readers checkpoint their own. */
export type JdbcSource<T> = Source<T, JdbcSplit, JdbcSplit[]>;

/**
 * A bounded source of a query's rows. With a partition column the rows are read in ranges of it,
 * which readers take one at a time; without one, one reader reads them all.
 */
export function jdbcSource<T = JdbcRow>(options: JdbcSourceOptions<T>): JdbcSource<T> {
  const where = 'jdbcSource';
  const valid = validateOptions(JdbcSourceOptionsSchema, options, where);
  const url = parseJdbcUrl(valid.url, where);
  const { partitionColumn, lowerBound, upperBound, numPartitions } = valid;
  if (partitionColumn === undefined) {
    for (const [name, value] of Object.entries({ lowerBound, upperBound, numPartitions })) {
      if (value !== undefined) throw new ConfigError(`${where}: '${name}' needs a 'partitionColumn' to split by.`);
    }
  } else {
    if (lowerBound === undefined || upperBound === undefined) {
      throw new ConfigError(
        `${where}: 'partitionColumn' needs 'lowerBound' and 'upperBound', the range of '${partitionColumn}' to split.`,
      );
    }
    if (lowerBound > upperBound) {
      throw new ConfigError(`${where}: 'lowerBound' (${lowerBound}) must not be above 'upperBound' (${upperBound}).`);
    }
  }
  const spec: JdbcReadSpec<T> = {
    url,
    dialect: dialectOf(url),
    // A trailing semicolon would end the subquery a partitioned read wraps it in.
    query: valid.query.trim().replace(/;+$/, ''),
    partitionColumn,
    fetchSize: valid.fetchSize ?? DEFAULT_FETCH_SIZE,
    map: options.map,
    retry: retryPolicy(valid),
  };
  const plan = (parallelism: number): PartitionPlan | undefined =>
    partitionColumn === undefined
      ? undefined
      : { lowerBound: lowerBound!, upperBound: upperBound!, numPartitions: numPartitions ?? parallelism };
  return new QuerySource(spec, plan);
}

class QuerySource<T> implements JdbcSource<T> {
  readonly boundedness = 'bounded';

  constructor(
    private readonly spec: JdbcReadSpec<T>,
    private readonly plan: (parallelism: number) => PartitionPlan | undefined,
  ) {}

  createEnumerator(ctx: SplitEnumeratorContext<JdbcSplit>): SplitEnumerator<JdbcSplit, JdbcSplit[]> {
    return new StaticSplitEnumerator(ctx, planSplits(this.plan(ctx.currentParallelism)));
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<JdbcSplit>,
    checkpoint: JdbcSplit[],
  ): SplitEnumerator<JdbcSplit, JdbcSplit[]> {
    return new StaticSplitEnumerator(ctx, checkpoint);
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, JdbcSplit> {
    return new JdbcSourceReader(ctx, this.spec);
  }
}
