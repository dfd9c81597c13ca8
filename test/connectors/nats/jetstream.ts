/** A JetStream stream per test, on the machine's NATS: created with a unique name, deleted after. */
import { connect, JSONCodec, type JetStreamManager, type NatsConnection, type StreamConfig } from 'nats';
import { ensureNatsServer } from '../../support/nats-server';
import { uniqueName } from '../../support/databases';

export interface TestStream {
  readonly servers: string;
  readonly name: string;
  /** The stream's subjects are `<prefix>.>`. */
  readonly prefix: string;
  /** Publishes JSON values to `subject` and waits for their acks. */
  publish(subject: string, values: readonly unknown[]): Promise<void>;
  /** Every message's JSON in stream order, with its subject and Nats-Msg-Id. */
  messages(): Promise<{ subject: string; value: unknown; msgId: string | undefined }[]>;
  count(): Promise<number>;
  delete(): Promise<void>;
}

const json = JSONCodec();

export async function createTestStream(config: Partial<StreamConfig> = {}): Promise<TestStream> {
  const servers = await ensureNatsServer();
  const connection: NatsConnection = await connect({ servers });
  const jsm: JetStreamManager = await connection.jetstreamManager();
  const name = uniqueName('WEIR').toUpperCase();
  const prefix = name.toLowerCase();
  await jsm.streams.add({ name, subjects: [`${prefix}.>`], ...config });
  const js = connection.jetstream();
  return {
    servers,
    name,
    prefix,
    async publish(subject, values) {
      // In slices, so the client never has more than a few thousand acks outstanding.
      for (let start = 0; start < values.length; start += 1000) {
        await Promise.all(values.slice(start, start + 1000).map((value) => js.publish(subject, json.encode(value))));
      }
    },
    async messages() {
      const out: { subject: string; value: unknown; msgId: string | undefined }[] = [];
      let left = (await jsm.streams.info(name)).state.messages;
      const consumer = await js.consumers.get(name);
      while (left > 0) {
        const batch = await consumer.fetch({ max_messages: Math.min(left, 1000), expires: 2000 });
        let got = 0;
        for await (const message of batch) {
          got++;
          const msgId = message.headers?.get('Nats-Msg-Id');
          out.push({ subject: message.subject, value: message.json(), msgId: msgId === '' ? undefined : msgId });
        }
        if (got === 0) break;
        left -= got;
      }
      return out;
    },
    async count() {
      return (await jsm.streams.info(name)).state.messages;
    },
    async delete() {
      await jsm.streams.delete(name).catch(() => {});
      await connection.close();
    },
  };
}

/** Streams for one test file: `create()` makes one, all are deleted after the file's tests. */
export function testStreams(): { create(config?: Partial<StreamConfig>): Promise<TestStream> } {
  const created: TestStream[] = [];
  afterAll(async () => {
    for (const stream of created) await stream.delete();
  });
  return {
    async create(config) {
      const stream = await createTestStream(config);
      created.push(stream);
      return stream;
    },
  };
}
