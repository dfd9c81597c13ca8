import { BatchingSinkWriter, WeirError, type SinkWriter } from '@weir/connector-sdk';
import type { Message } from 'kafkajs';
import type { KafkaConnection } from './kafka-connection';
import { createProducer, type MessageProducer } from './kafkajs-internals';
import type { KafkaSinkSettings } from './kafka-sink-settings';

/** Records a writer buffers before it sends them without waiting for a flush. */
const SEND_BATCH = 8192;

interface StampedRecord<T> {
  readonly value: T;
  readonly timestamp: number | undefined;
}

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
 * in the background; `flush` (periodically, at every checkpoint and at the end) sends the rest and
 * resolves once the brokers acknowledged everything (acks=all). A message carries its record's
 * timestamp, its key, headers and partition as the options say.
 */
export class KafkaWriter<T> implements SinkWriter<T> {
  private readonly batches = new RecordBatches<T>(
    (records) => this.send(records),
    () => this.connection.close(),
  );
  private producer: MessageProducer | undefined;

  constructor(
    protected readonly settings: KafkaSinkSettings<T>,
    protected readonly connection: KafkaConnection,
  ) {}

  write(value: T, timestamp: number | undefined): void {
    this.batches.write({ value, timestamp });
  }

  flush(_endOfInput: boolean): Promise<void> {
    return this.batches.flush();
  }

  close(): Promise<void> {
    return this.batches.close();
  }

  /** The producer this batch goes through: the exactly-once writer's opens a transaction. */
  protected async producerFor(): Promise<MessageProducer> {
    await this.connection.connect();
    this.producer ??= createProducer(this.connection.cluster, this.connection.logger, {
      retry: this.settings.retry,
    }).producer;
    return this.producer;
  }

  private async send(records: StampedRecord<T>[]): Promise<void> {
    try {
      const producer = await this.producerFor();
      const messages = this.messages(records);
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: this.settings.topic, messages }] });
    } catch (error) {
      if (error instanceof WeirError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new WeirError(
        `kafkaSink: writing to topic '${this.settings.topic}' on ${this.settings.brokers.join(',')} failed: ${message}`,
        { cause: error },
      );
    }
  }

  private messages(records: StampedRecord<T>[]): Message[] {
    const { format, key, headers, partitioner, topic } = this.settings;
    const partitions = partitioner === undefined ? 0 : this.connection.partitionCount();
    const messages = new Array<Message>(records.length);
    for (let i = 0; i < records.length; i++) {
      const { value, timestamp } = records[i];
      const bytes = format.encode(value);
      const message: Message = { value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      if (key !== undefined) message.key = asBuffer(key(value));
      if (headers !== undefined) message.headers = headers(value) as Message['headers'];
      if (timestamp !== undefined) message.timestamp = String(timestamp);
      if (partitioner !== undefined) {
        const partition = partitioner(value, message.key, partitions);
        if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
          throw new WeirError(
            `kafkaSink: the partitioner returned ${partition} for topic '${topic}', which has partitions 0 to ${partitions - 1}.`,
          );
        }
        message.partition = partition;
      }
      messages[i] = message;
    }
    return messages;
  }
}

function asBuffer(key: string | Uint8Array | null | undefined): Buffer | string | null {
  if (key === undefined || key === null) return null;
  return typeof key === 'string' ? key : Buffer.from(key.buffer, key.byteOffset, key.byteLength);
}
