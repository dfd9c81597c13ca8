import { BatchingSinkWriter, WeirError, type BytesFormat } from '@weir/connector-sdk';
import WebSocket from 'ws';
import type { PulsarAdmin } from './pulsar-admin';
import { topicName, topicPath, type PulsarTopic } from './pulsar-topic';

interface ProducerAck {
  readonly result: string;
  readonly context: string;
  readonly errorMsg?: string;
}

export interface PulsarWriterSettings<T> {
  readonly webSocketBase: string;
  readonly topic: PulsarTopic;
  readonly format: BytesFormat<T>;
  readonly key?: (value: T) => string | undefined;
  readonly properties?: (value: T) => Record<string, string> | undefined;
  readonly batchSize: number;
}

/**
 * Writes one subtask's records to a Pulsar topic, at least once, through a producer of the
 * WebSocket API: a batch is sent whole, then its acknowledgements awaited; `flush` (at checkpoints
 * and the end) waits for every batch. A partitioned topic's producer routes by key, as Pulsar's.
 */
export class PulsarWriter<T> extends BatchingSinkWriter<T> {
  private socket: Promise<WebSocket> | undefined;
  private sequence = 0;
  private readonly waiting = new Map<string, { resolve(): void; reject(error: Error): void }>();

  constructor(
    private readonly settings: PulsarWriterSettings<T>,
    private readonly admin: PulsarAdmin,
  ) {
    super(settings.batchSize);
  }

  protected async sendBatch(records: T[]): Promise<void> {
    const socket = await (this.socket ??= this.connect());
    const { format, key, properties } = this.settings;
    const acks: Promise<void>[] = [];
    for (const value of records) {
      const context = String(this.sequence++);
      const message: Record<string, unknown> = {
        payload: Buffer.from(format.encode(value)).toString('base64'),
        context,
      };
      const messageKey = key?.(value);
      if (messageKey !== undefined) message.key = messageKey;
      const props = properties?.(value);
      if (props !== undefined) message.properties = props;
      acks.push(new Promise<void>((resolve, reject) => this.waiting.set(context, { resolve, reject })));
      socket.send(JSON.stringify(message));
    }
    await Promise.all(acks);
  }

  protected async closeClient(): Promise<void> {
    const socket = await this.socket?.catch(() => undefined);
    socket?.close();
  }

  private async connect(): Promise<WebSocket> {
    // The WebSocket API would create a missing topic: a misspelt one is an error instead.
    await this.admin.partitions(this.settings.topic, 'topic');
    const name = topicName(this.settings.topic);
    const socket = new WebSocket(`${this.settings.webSocketBase}/producer/${topicPath(this.settings.topic)}`);
    socket.on('message', (data: Buffer) => {
      const ack = JSON.parse(data.toString('utf8')) as ProducerAck;
      const waiter = this.waiting.get(ack.context);
      if (waiter === undefined) return;
      this.waiting.delete(ack.context);
      if (ack.result === 'ok') waiter.resolve();
      else
        waiter.reject(
          new WeirError(`pulsarSink: writing to '${name}' failed: ${ack.result} ${ack.errorMsg ?? ''}`.trim()),
        );
    });
    const failAll = (error: Error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    socket.on('close', () => failAll(new WeirError(`pulsarSink: the producer of '${name}' was closed.`)));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', (error) =>
        reject(
          new WeirError(
            `pulsarSink: cannot open a producer of '${name}' at ${this.settings.webSocketBase} (field 'webServiceUrl'): ${error.message}`,
            { cause: error },
          ),
        ),
      );
    });
    socket.on('error', (error) =>
      failAll(new WeirError(`pulsarSink: the producer of '${name}' failed: ${error.message}`)),
    );
    return socket;
  }
}
