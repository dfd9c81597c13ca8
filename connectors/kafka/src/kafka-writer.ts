import { BatchingSinkWriter, WeirError, type SinkWriter } from '@weir/connector-sdk';
import type { KafkaConnection } from './kafka-connection';
import { createEos, createRetrier } from './kafkajs-internals';
import { RecordBatchEncoder, type StampedRecord } from './record-batch-encoder';
import { RecordBatchProducer } from './record-batch-producer';
import type { KafkaSinkSettings } from './kafka-sink-settings';

/** Records a writer buffers before it sends them without waiting for a flush. */
const SEND_BATCH = 16_384;

/** The SDK's batching writer over stamped records: the Kafka writer keeps a record's timestamp. */
class RecordBatches<T> extends BatchingSinkWriter<StampedRecord<T>> {
  constructor(
    private readonly sender: (records: StampedRecord<T>[]) => Promise<void>,
    private readonly closer: () => Promise<void>,
  ) {
    super(SEND_BATCH);
  }

  protected sendBatch(records: StampedRecord<T>[]): Promise<void> {
    return this.sender(records);
  }

  protected closeClient(): Promise<void> {
    return this.closer();
  }
}

/**
 * Writes one subtask's records to Kafka, at least once: records are buffered and sent in batches
 * in the background, one RecordBatch per partition (record-batch-encoder.ts); `flush`
 * (periodically, at every checkpoint and at the end) sends the rest and resolves once the brokers
 * acknowledged everything (acks=all). A message carries its record's timestamp, its key, headers
 * and partition as the options say.
 */
export class KafkaWriter<T> implements SinkWriter<T> {
  private readonly batches = new RecordBatches<T>(
    (records) => this.send(records),
    () => this.connection.close(),
  );
  private readonly encoder: RecordBatchEncoder<T>;
  private producer: RecordBatchProducer | undefined;
  /** The batch being sent (settled or not), and whether the writer takes no more batches. */
  private sending: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    protected readonly settings: KafkaSinkSettings<T>,
    protected readonly connection: KafkaConnection,
  ) {
    this.encoder = new RecordBatchEncoder(settings);
  }

  write(value: T, timestamp: number | undefined): void {
    this.batches.write({ value, timestamp });
  }

  flush(_endOfInput: boolean): Promise<void> {
    return this.batches.flush();
  }

  backPressure(): Promise<void> | undefined {
    return this.batches.backPressure();
  }

  close(): Promise<void> {
    return this.batches.close();
  }

  /**
   * Sends no more batches and waits for the one being sent: a request still under way when its
   * connection closes would have kafkajs reconnect behind the close, and that connection stay open.
   */
  protected async stopSending(): Promise<void> {
    this.stopped = true;
    await this.sending;
  }

  /** The producer this batch goes through: the exactly-once writer's opens a transaction. */
  protected async producerFor(): Promise<RecordBatchProducer> {
    await this.connection.connect();
    this.producer ??= new RecordBatchProducer(
      this.connection.cluster,
      createEos(this.connection.cluster, this.connection.logger, {}),
      createRetrier(this.settings.retry),
      this.settings.topic,
    );
    return this.producer;
  }

  private send(records: StampedRecord<T>[]): Promise<void> {
    if (this.stopped) return Promise.reject(new WeirError('kafkaSink: the writer is closed.'));
    const sent = this.sendNow(records);
    this.sending = sent.catch(() => {});
    return sent;
  }

  private async sendNow(records: StampedRecord<T>[]): Promise<void> {
    try {
      const producer = await this.producerFor();
      await producer.send(this.encoder.encode(records, this.connection.partitionCount()));
    } catch (error) {
      if (error instanceof WeirError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new WeirError(
        `kafkaSink: writing to topic '${this.settings.topic}' on ${this.settings.brokers.join(',')} failed: ${message}`,
        { cause: error },
      );
    }
  }
}
