import { WeirError } from '@weir/connector-sdk';
import WebSocket from 'ws';
import type { PulsarMessage } from './pulsar-message';
import type { PulsarProducerSettings } from './pulsar-sink-settings';
import { topicName, topicPath, type PulsarTopic } from './pulsar-topic';
import { WEB_SOCKET_OPTIONS } from './web-socket-options';

interface ProducerAck {
  readonly result: string;
  readonly context: string;
  readonly errorMsg?: string;
}

export interface ProducerIdentity {
  /** Pulsar's producer name, the key of its deduplication. */
  readonly name: string;
  /** The sequence id of the first message sent; each next one gets the next id. */
  readonly firstSequenceId: number;
}

/** The broker refused a producer because one of the same name is connected (HTTP 409). */
export class ProducerBusyError extends WeirError {}

/**
 * A producer of Pulsar's WebSocket API on one topic (or partitioned topic, which it routes by key).
 * `send` sends messages and resolves once each is acknowledged; without an identity the broker
 * names the producer and numbers its messages. With one, the messages get consecutive sequence ids
 * from `firstSequenceId` on, which is what lets a deduplicating broker drop a replay.
 * A broker that does not answer within `sendTimeoutMs`, to the opening or to a batch, fails the
 * producer: nothing else would end the wait, and the job's restart strategy takes it from there.
 */
export class PulsarProducer {
  private nextContext = 0;
  private readonly waiting = new Map<string, { resolve(): void; reject(error: Error): void }>();
  private failure: Error | undefined;

  private constructor(
    private readonly socket: WebSocket,
    private readonly name: string,
    private readonly sendTimeoutMs: number,
  ) {
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
    socket.on('close', () => this.failAll(new WeirError(`pulsarSink: the producer of '${name}' was closed.`)));
    socket.on('error', (error) =>
      this.failAll(new WeirError(`pulsarSink: the producer of '${name}' failed: ${error.message}`, { cause: error })),
    );
  }

  /** Opens a producer of `topic`; it takes up to `batchSize` messages before their acknowledgements. */
  static async open(
    { webSocketBase, batchSize, sendTimeoutMs }: PulsarProducerSettings,
    topic: PulsarTopic,
    identity?: ProducerIdentity,
  ): Promise<PulsarProducer> {
    const name = topicName(topic);
    const query = new URLSearchParams({ maxPendingMessages: String(batchSize) });
    if (identity !== undefined) {
      query.set('producerName', identity.name);
      query.set('initialSequenceId', String(identity.firstSequenceId - 1));
    }
    const socket = new WebSocket(`${webSocketBase}/producer/${topicPath(topic)}?${query}`, {
      ...WEB_SOCKET_OPTIONS,
      handshakeTimeout: sendTimeoutMs,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('unexpected-response', (_request, response) => {
        socket.terminate();
        const reason = `${response.statusCode} ${response.statusMessage ?? ''}`.trim();
        reject(
          response.statusCode === 409
            ? new ProducerBusyError(
                `pulsarSink: a producer named '${identity?.name}' is already connected to '${name}'.`,
              )
            : new WeirError(`pulsarSink: cannot open a producer of '${name}': ${reason}.`),
        );
      });
      socket.once('error', (error) =>
        reject(
          new WeirError(
            `pulsarSink: cannot open a producer of '${name}' at ${webSocketBase} (field 'webServiceUrl'): ${error.message}`,
            { cause: error },
          ),
        ),
      );
    });
    return new PulsarProducer(socket, name, sendTimeoutMs);
  }

  /** Sends the messages, in order, and resolves once the broker acknowledged every one. */
  send(messages: readonly PulsarMessage[]): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const acks: Promise<void>[] = [];
    for (const message of messages) {
      const context = String(this.nextContext++);
      acks.push(new Promise<void>((resolve, reject) => this.waiting.set(context, { resolve, reject })));
      const json = JSON.stringify(message);
      this.socket.send(`${json.slice(0, -1)},"context":"${context}"}`);
    }
    const deadline = setTimeout(() => this.timedOut(), this.sendTimeoutMs);
    return Promise.all(acks).then(
      () => clearTimeout(deadline),
      (error: unknown) => {
        clearTimeout(deadline);
        throw error;
      },
    );
  }

  close(): void {
    this.socket.close();
  }

  private timedOut(): void {
    this.failAll(
      new WeirError(
        `pulsarSink: the broker did not acknowledge ${this.waiting.size} messages to '${this.name}' within ${this.sendTimeoutMs} ms (field 'sendTimeoutMs').`,
      ),
    );
    this.socket.terminate();
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
