import type { SinkWriter } from '@weir/core';

const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * The writer of a sink that sends records in batches over an asynchronous client (a database, a
 * broker). `write` only appends to the batch: a full batch is sent in the background, and `flush`
 * (at a checkpoint, at the end of input, and periodically) sends the rest and waits for everything
 * sent. Batches go one after another, in order. A batch that fails fails the task at its next
 * record or flush; later batches are not sent. With two batches out the writer back-pressures the
 * task, so it holds about three batches at most. A connector says how one batch is sent, and closes
 * its client in `closeClient`.
 */
export abstract class BatchingSinkWriter<T> implements SinkWriter<T> {
  private buffer: T[] = [];
  private pending: Promise<void> = Promise.resolve();
  /** The sent batches not yet done, oldest first: each one's completion. */
  private readonly inFlight: Promise<void>[] = [];
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

  /**
   * Back-pressure once two batches are out (one being sent, one waiting): the task takes more
   * records when the oldest is done, filling the next batch while the other is sent.
   */
  backPressure(): Promise<void> | undefined {
    return this.inFlight.length >= MAX_BATCHES_IN_FLIGHT ? this.inFlight[0] : undefined;
  }

  async close(): Promise<void> {
    await this.pending;
    await this.closeClient();
  }

  private send(): void {
    if (this.buffer.length === 0) return;
    const records = this.buffer;
    this.buffer = [];
    const done = (this.pending = this.pending
      .then(() => (this.failure === undefined ? this.sendBatch(records) : undefined))
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .then(() => void this.inFlight.shift()));
    this.inFlight.push(done);
  }
}
