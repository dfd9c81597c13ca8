/**
 * Topics on the test broker, made, written and read with Pulsar's admin REST API and WebSocket API
 * directly, not through the connector under test.
 */
import WebSocket from 'ws';
import { ensurePulsar, type PulsarBroker } from '../../support/brokers';

export interface TestMessage {
  key?: string;
  value: string;
  /** Milliseconds since the epoch, sent as the message's event time. */
  eventTime?: number;
}

export interface ReadMessage {
  key?: string;
  value: string;
  /** The partition it was read from; 0 for a topic that is not partitioned. */
  partition: number;
  eventTime?: string;
}

/** The test broker, started when none is running (allow BROKER_START_TIMEOUT_MS), and topics on it. */
export async function startPulsarTopics(): Promise<{ pulsar: PulsarBroker; topics: PulsarTestTopics }> {
  const pulsar = await ensurePulsar();
  return { pulsar, topics: new PulsarTestTopics(pulsar) };
}

export class PulsarTestTopics {
  constructor(private readonly pulsar: PulsarBroker) {}

  /** A new topic in public/default; partitioned when `partitions` > 0. */
  async create(prefix: string, partitions: number): Promise<string> {
    const name = `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    const response = await fetch(`${this.adminPath(name)}${partitions > 0 ? '/partitions' : ''}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: partitions > 0 ? String(partitions) : undefined,
    });
    expect(response.status).toBe(204);
    return name;
  }

  /** Turns the broker's message deduplication on for the topic, and waits until it is in force. */
  async enableDeduplication(topic: string, partitions: number): Promise<void> {
    const response = await fetch(`${this.adminPath(topic)}/deduplicationEnabled`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'true',
    });
    expect(response.status).toBe(204);
    // The policy reaches the topics through a system topic, a moment later.
    const parts = partitions === 0 ? [topic] : Array.from({ length: partitions }, (_, i) => `${topic}-partition-${i}`);
    const deadline = Date.now() + 20_000;
    for (const part of parts) {
      for (;;) {
        const stats = (await (await fetch(`${this.adminPath(part)}/stats`)).json()) as { deduplicationStatus?: string };
        if (stats.deduplicationStatus === 'Enabled') break;
        if (Date.now() > deadline) throw new Error(`deduplication of ${part} is ${stats.deduplicationStatus}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** How many messages the topic (all its partitions) has stored so far. */
  async count(topic: string, partitions: number): Promise<number> {
    const parts = partitions === 0 ? [topic] : Array.from({ length: partitions }, (_, i) => `${topic}-partition-${i}`);
    let total = 0;
    for (const part of parts) {
      const stats = (await (await fetch(`${this.adminPath(part)}/internalStats`)).json()) as {
        numberOfEntries: number;
      };
      total += stats.numberOfEntries;
    }
    return total;
  }

  /** Writes through a WebSocket producer of its own and waits for every acknowledgement. */
  async produce(topic: string, messages: TestMessage[]): Promise<void> {
    const socket = new WebSocket(`${this.pulsar.webSocketUrl}/producer/persistent/public/default/${topic}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    let acked = 0;
    const done = new Promise<void>((resolve, reject) =>
      socket.on('message', (data: Buffer) => {
        const ack = JSON.parse(data.toString()) as { result: string };
        if (ack.result !== 'ok') reject(new Error(ack.result));
        if (++acked === messages.length) resolve();
      }),
    );
    messages.forEach((m, i) =>
      socket.send(
        JSON.stringify({
          payload: Buffer.from(m.value).toString('base64'),
          key: m.key,
          eventTime: m.eventTime === undefined ? undefined : new Date(m.eventTime).toISOString(),
          context: String(i),
        }),
      ),
    );
    await done;
    socket.close();
  }

  /**
   * Everything in a topic (all its partitions), read with WebSocket readers of its own: waits for
   * `expected` messages, then a moment more for any beyond them (duplicates).
   */
  async readAll(topic: string, partitions: number, expected: number): Promise<ReadMessage[]> {
    const parts = partitions === 0 ? [topic] : Array.from({ length: partitions }, (_, i) => `${topic}-partition-${i}`);
    const out: ReadMessage[] = [];
    const sockets = parts.map((part, partition) => {
      const socket = new WebSocket(
        `${this.pulsar.webSocketUrl}/reader/persistent/public/default/${part}?messageId=earliest`,
      );
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as {
          messageId: string;
          payload: string;
          key?: string;
          eventTime?: string;
        };
        out.push({
          key: message.key,
          value: Buffer.from(message.payload, 'base64').toString(),
          partition,
          eventTime: message.eventTime,
        });
        socket.send(JSON.stringify({ messageId: message.messageId }));
      });
      return socket;
    });
    const deadline = Date.now() + 20_000;
    while (out.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const socket of sockets) socket.close();
    return out;
  }

  private adminPath(topic: string): string {
    return `${this.pulsar.webServiceUrl}/admin/v2/persistent/public/default/${topic}`;
  }
}
