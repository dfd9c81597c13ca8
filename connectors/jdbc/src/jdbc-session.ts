import { WeirError } from '@weir/connector-sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import { openConnection, type JdbcConnection } from './jdbc-connection';
import type { JdbcUrl } from './jdbc-url';
import type { SqlDialect } from './sql-dialect';

export interface RetryPolicy {
  /** Retries after the first attempt of a unit of work that failed transiently. */
  readonly maxRetries: number;
  /** The wait before the first retry; it doubles with each further one, up to 10 s. */
  readonly backoffMs: number;
}

const MAX_BACKOFF_MS = 10_000;

/** The policy of the options `maxRetries` (default 3) and `retryBackoffMs` (default 100 ms). */
export function retryPolicy(options: { maxRetries?: number; retryBackoffMs?: number }): RetryPolicy {
  return { maxRetries: options.maxRetries ?? 3, backoffMs: options.retryBackoffMs ?? 100 };
}

/**
 * A writer's or committer's connection, opened when first needed, and the retries: a unit of work
 * that fails on a dropped connection, a deadlock or a serialization failure runs again, on a new
 * connection, after a growing pause; any other failure (a constraint, a bad column) fails at once.
 * A unit of work must therefore be safe to run again: one statement, or one whole transaction.
 */
export class JdbcSession {
  private connection: Promise<JdbcConnection> | undefined;
  /** Closed: work under way fails rather than retrying on a connection nobody would close. */
  private closed = false;

  constructor(
    readonly url: JdbcUrl,
    readonly dialect: SqlDialect,
    private readonly retry: RetryPolicy,
    /** Names the user-facing API in errors: 'jdbcSink'. */
    private readonly where: string,
  ) {}

  async run<R>(work: (connection: JdbcConnection) => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new WeirError(`${this.where}: the connection to ${this.url.display} is closed.`);
      try {
        this.connection ??= this.connect();
        return await work(await this.connection);
      } catch (error) {
        if (this.closed || !this.dialect.isTransient(error)) throw error;
        this.discardConnection();
        if (attempt >= this.retry.maxRetries) {
          throw new WeirError(
            `${this.where}: ${this.url.display} failed ${attempt + 1} times in a row, the last time with: ` +
              `${describe(error)}. Giving up after ${this.retry.maxRetries} retries ('maxRetries').`,
            { cause: error },
          );
        }
        await sleep(Math.min(this.retry.backoffMs * 2 ** attempt, MAX_BACKOFF_MS));
      }
    }
  }

  /** A connection, or the reason there is none: a refusal (a wrong password, no such database) named as such. */
  private async connect(): Promise<JdbcConnection> {
    try {
      return await openConnection(this.url);
    } catch (error) {
      if (this.dialect.isTransient(error)) throw error;
      throw new WeirError(`${this.where}: cannot connect to ${this.url.display}: ${describe(error)}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.then((c) => c.close()).catch(() => {});
  }

  private discardConnection(): void {
    const connection = this.connection;
    this.connection = undefined;
    connection?.then((c) => c.close()).catch(() => {});
  }
}

export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const detail = (error as { detail?: unknown }).detail;
  return typeof detail === 'string' && detail !== '' ? `${error.message} (${detail})` : error.message;
}
