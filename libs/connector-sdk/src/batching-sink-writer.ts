import type { SinkWriter } from '@weir/core';

/**
 * The writer of a sink that sends records in batches over an asynchronous client (a database, a
 * broker). `write` only appends to the batch: a full batch is sent in the background, and `flush`
 * (at a checkpoint, at the end of input, and periodically) sends the rest and waits for everything
 * sent. Batches go one after another, in order. A batch that fails fails the task at its next
 * record or flush; later batches are not sent. A connector says how one batch is sent, and closes
 * its client in `closeClient`.
 */
export abstract class BatchingSinkWriter<T> implements SinkWriter<T> {
  private buffer: T[] = [];
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown;

  protected constructor(private readonly batchSize: number) {}

  protected abstract sendBatch(records: T[]): Promise<void>;

  protected abstract closeClient(): Promise<void>;

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
    await this.closeClient();
  }

  private send(): void {
    if (this.buffer.length === 0) return;
    const records = this.buffer;
    this.buffer = [];
    this.pending = this.pending
      .then(() => (this.failure === undefined ? this.sendBatch(records) : undefined))
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }
}
