import { WeirError } from '@weir/connector-sdk';
import { createInbox, headers, type Msg, type NatsConnection, type NatsError, type Subscription } from 'nats';
import { connectNats, type NatsConnectionOptions } from './nats-connection-options';

const MSG_ID_HEADER = 'Nats-Msg-Id';
/** A JetStream ack is `{"stream":…}`; an error `{"error":…}`: its third byte tells them apart. */
const LETTER_E = 0x65;

export interface PublishTarget {
  readonly connection: NatsConnectionOptions;
  readonly subject: string;
  readonly ackTimeoutMs: number;
}

interface Client {
  readonly connection: NatsConnection;
  readonly inbox: string;
  readonly subscription: Subscription;
}

/**
 * Publishes batches to a JetStream subject without a promise per message: every message asks for
 * its ack on one inbox, a single subscription counts the acks as they come, and `send` resolves
 * when all have come. An error ack (no stream for the subject, a full stream) or no ack within the
 * timeout fails it, naming what went wrong. The connection is its own, opened at the first `send`.
 */
export class JetStreamPublisher {
  private client: Promise<Client> | undefined;
  private outstanding = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly target: PublishTarget,
    /** The connection's name, as the server shows it. */
    private readonly name: string,
  ) {}

  /**
   * Publishes the payloads in order and waits for their acks. With `msgIdPrefix`, message i has the
   * id `<msgIdPrefix>i`, and JetStream drops it if it stored that id within its duplicate window.
   */
  async send(payloads: readonly Uint8Array[], msgIdPrefix?: string): Promise<void> {
    const { connection, inbox } = await this.connected();
    const subject = this.target.subject;
    for (let i = 0; i < payloads.length; i++) {
      let h: ReturnType<typeof headers> | undefined;
      if (msgIdPrefix !== undefined) {
        h = headers();
        h.set(MSG_ID_HEADER, msgIdPrefix + i);
      }
      connection.publish(subject, payloads[i], { reply: inbox, headers: h });
      this.outstanding++;
    }
    try {
      await this.settle();
    } catch (error) {
      // Start the next send afresh: acks still owed to this one would only confuse its count.
      await this.close();
      this.outstanding = 0;
      this.failure = undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    const open = await client?.catch(() => undefined);
    if (open === undefined) return;
    open.subscription.unsubscribe();
    await open.connection.drain().catch(() => {});
  }

  /** The client, connecting first; a failed connection is tried again at the next `send`. */
  private connected(): Promise<Client> {
    this.client ??= connectNats(this.target.connection, this.name).then(
      (connection) => {
        const inbox = createInbox();
        const subscription = connection.subscribe(inbox, { callback: (error, message) => this.onAck(error, message) });
        return { connection, inbox, subscription };
      },
      (error: unknown) => {
        this.client = undefined;
        throw error;
      },
    );
    return this.client;
  }

  private async settle(): Promise<void> {
    const timeoutMs = this.target.ackTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    while (this.failure === undefined && this.outstanding > 0) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new WeirError(
          `natsSink: ${this.outstanding} messages to subject '${this.target.subject}' were not acknowledged ` +
            `within ${timeoutMs} ms ('ackTimeoutMs'): is JetStream up, and does a stream take the subject?`,
        );
      }
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private onAck(error: NatsError | null, message: Msg): void {
    this.outstanding--;
    if (this.failure === undefined) {
      const problem = error !== null ? error.message : ackError(message);
      if (problem !== undefined) {
        this.failure = new WeirError(`natsSink: publishing to subject '${this.target.subject}' failed: ${problem}`);
      }
    }
    if (this.outstanding === 0 || this.failure !== undefined) {
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    }
  }
}

function ackError(message: Msg): string | undefined {
  const data = message.data;
  if (data.length === 0) {
    // An empty reply with a status header: 503 when nothing (no stream) listens on the subject.
    const code = message.headers?.code;
    return code === 503 ? 'no stream takes the subject (503 no responders)' : `status ${code ?? 'unknown'}`;
  }
  if (data[2] !== LETTER_E) return undefined;
  const reply = JSON.parse(Buffer.from(data).toString('utf8')) as { error?: { code?: number; description?: string } };
  return `${reply.error?.description ?? 'error'} (${reply.error?.code ?? '?'})`;
}
