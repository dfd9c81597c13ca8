import { BatchingSinkWriter, type SinkWriter } from '@weir/connector-sdk';
import type { PulsarAdmin } from './pulsar-admin';
import { messageEncoder, type PulsarMessage } from './pulsar-message';
import { PulsarProducer } from './pulsar-producer';
import type { PulsarProducerSettings, PulsarSinkSettings } from './pulsar-sink-settings';

/**
 * Writes one subtask's records to a Pulsar topic, at least once, through a producer of the
 * WebSocket API: records become messages as they come (with their timestamp as event time), a
 * batch is sent whole, then its acknowledgements awaited; `flush` (at checkpoints and the end)
 * waits for every batch. A partitioned topic's producer routes by key, as Pulsar's.
 */
export class PulsarWriter<T> implements SinkWriter<T> {
  private readonly encode: (value: T, timestamp: number | undefined) => PulsarMessage;
  private readonly batches: MessageBatches;

  constructor(settings: PulsarSinkSettings<T>, admin: PulsarAdmin) {
    this.encode = messageEncoder(settings);
    this.batches = new MessageBatches(settings, admin);
  }

  write(value: T, timestamp: number | undefined): void {
    this.batches.write(this.encode(value, timestamp));
  }

  flush(): Promise<void> {
    return this.batches.flush();
  }

  backPressure(): Promise<void> | undefined {
    return this.batches.backPressure();
  }

  close(): Promise<void> {
    return this.batches.close();
  }
}

/** The SDK's batching over encoded messages, sent by one producer opened at the first batch. */
class MessageBatches extends BatchingSinkWriter<PulsarMessage> {
  private producer: Promise<PulsarProducer> | undefined;

  constructor(
    private readonly settings: PulsarProducerSettings,
    private readonly admin: PulsarAdmin,
  ) {
    super(settings.batchSize);
  }

  protected async sendBatch(messages: PulsarMessage[]): Promise<void> {
    const producer = await (this.producer ??= this.open());
    await producer.send(messages);
  }

  protected async closeClient(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    producer?.close();
  }

  private async open(): Promise<PulsarProducer> {
    // The WebSocket API would create a missing topic: a misspelt one is an error instead.
    await this.admin.partitions(this.settings.topic, 'topic');
    return PulsarProducer.open(this.settings, this.settings.topic);
  }
}
