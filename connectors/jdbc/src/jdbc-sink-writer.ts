import type { SinkWriter } from '@weir/connector-sdk';
import type { JdbcSession } from './jdbc-session';
import type { TableWriter } from './table-writer';

/**
 * The at-least-once writer: a full batch is written at once, in the background, and `flush` (at a
 * checkpoint, at the end, and every 100 ms) writes the rest and waits for all of it. Batches are
 * written one after another, in order, on the writer's one connection. A failed write fails the
 * task at its next record or flush.
 */
export class JdbcSinkWriter<T extends object> implements SinkWriter<T> {
  private buffer: T[] = [];
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly session: JdbcSession,
    private readonly table: TableWriter,
    private readonly batchSize: number,
  ) {}

  write(value: T): void {
    if (this.failure !== undefined) throw this.failure;
    this.buffer.push(value);
    if (this.buffer.length >= this.batchSize) this.send();
  }

  async flush(): Promise<void> {
    this.send();
    await this.pending;
    if (this.failure !== undefined) throw this.failure;
  }

  async close(): Promise<void> {
    await this.pending;
    await this.session.close();
  }

  private send(): void {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    this.pending = this.pending
      .then(() => (this.failure === undefined ? this.session.run((c) => this.table.write(c, rows)) : undefined))
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }
}
