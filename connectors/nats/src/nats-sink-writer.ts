import { BatchingSinkWriter, type BytesFormat } from '@weir/connector-sdk';
import type { JetStreamPublisher } from './jetstream-publisher';

/** The at-least-once writer: each batch is published, then its acks awaited, before the next goes. */
export class NatsSinkWriter<T> extends BatchingSinkWriter<T> {
  constructor(
    private readonly publisher: JetStreamPublisher,
    private readonly format: BytesFormat<T>,
    batchSize: number,
  ) {
    super(batchSize);
  }

  protected sendBatch(records: T[]): Promise<void> {
    const payloads: Uint8Array[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) payloads[i] = this.format.encode(records[i]);
    return this.publisher.send(payloads);
  }

  protected closeClient(): Promise<void> {
    return this.publisher.close();
  }
}
