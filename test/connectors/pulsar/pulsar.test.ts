/**
 * The Pulsar connector against a real standalone broker (from Maven Central's jars, started by
 * scripts/brokers when none runs). Topics are made and input written with Pulsar's admin REST API
 * and WebSocket API directly, not through the connector under test.
 */
import { StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { ConfigError, jsonFormat, linesFormat, SourceTestDriver } from '@weir/connector-sdk';
import { pulsarSink, pulsarSource, type PulsarEnumeratorState, type PulsarSplit } from '@weir/connector-pulsar';
import WebSocket from 'ws';
import { ensurePulsar, type PulsarBroker } from '../../support/brokers';

interface Click {
  user: string;
  n: number;
}

let pulsar: PulsarBroker;

beforeAll(async () => {
  pulsar = await ensurePulsar();
});

const drivers: { close(): void }[] = [];
afterEach(() => {
  for (const driver of drivers.splice(0)) driver.close();
});

function driven<T, C>(driver: SourceTestDriver<T, PulsarSplit, C>): SourceTestDriver<T, PulsarSplit, C> {
  drivers.push(driver);
  return driver;
}

/** A new topic in public/default; partitioned when `partitions` > 0. */
async function createTopic(prefix: string, partitions: number): Promise<string> {
  const name = `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const path = `${pulsar.webServiceUrl}/admin/v2/persistent/public/default/${name}${partitions > 0 ? '/partitions' : ''}`;
  const response = await fetch(path, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: partitions > 0 ? String(partitions) : undefined,
  });
  expect(response.status).toBe(204);
  return name;
}

/** Writes through a WebSocket producer of its own and waits for every acknowledgement. */
async function produce(topic: string, values: { key?: string; value: string }[]): Promise<void> {
  const socket = new WebSocket(`${pulsar.webSocketUrl}/producer/persistent/public/default/${topic}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let acked = 0;
  const done = new Promise<void>((resolve, reject) =>
    socket.on('message', (data: Buffer) => {
      const ack = JSON.parse(data.toString()) as { result: string };
      if (ack.result !== 'ok') reject(new Error(ack.result));
      if (++acked === values.length) resolve();
    }),
  );
  values.forEach((v, i) =>
    socket.send(JSON.stringify({ payload: Buffer.from(v.value).toString('base64'), key: v.key, context: String(i) })),
  );
  await done;
  socket.close();
}

/** Everything in a topic (all its partitions), read with WebSocket readers of its own. */
async function readAll(
  topic: string,
  partitions: number,
  expected: number,
): Promise<{ key?: string; value: string }[]> {
  const parts = partitions === 0 ? [topic] : Array.from({ length: partitions }, (_, i) => `${topic}-partition-${i}`);
  const out: { key?: string; value: string }[] = [];
  const sockets = parts.map((part) => {
    const socket = new WebSocket(`${pulsar.webSocketUrl}/reader/persistent/public/default/${part}?messageId=earliest`);
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { messageId: string; payload: string; key?: string };
      out.push({ key: message.key, value: Buffer.from(message.payload, 'base64').toString() });
      socket.send(JSON.stringify({ messageId: message.messageId }));
    });
    return socket;
  });
  const deadline = Date.now() + 20_000;
  while (out.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  // Anything beyond what was expected would be a duplicate: give it a moment to show.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const socket of sockets) socket.close();
  return out;
}

const clicks = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => ({
    key: `u${(from + i) % 5}`,
    value: JSON.stringify({ user: `u${(from + i) % 5}`, n: from + i }),
  }));

describe('pulsarSource and pulsarSink in a job', () => {
  it('reads a bounded partitioned topic and writes every record once, with its key', async () => {
    const input = await createTopic('clicks', 3);
    const output = await createTopic('clicks-out', 2);
    await produce(input, clicks(2500));

    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env
      .fromSource(
        pulsarSource({
          webServiceUrl: pulsar.webServiceUrl,
          topics: input,
          bounded: true,
          format: jsonFormat<Click>(),
        }),
        WatermarkStrategy.noWatermarks<Click>(),
        'clicks',
      )
      .map((click) => ({ user: click.user, n: click.n * 10 }))
      .sinkTo(
        pulsarSink({
          webServiceUrl: pulsar.webServiceUrl,
          topic: output,
          format: jsonFormat<Click>(),
          key: (c) => c.user,
        }),
      );
    await (await env.execute('pulsar to pulsar')).result();

    const written = await readAll(output, 2, 2500);
    const ns = written.map((m) => (JSON.parse(m.value) as Click).n).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: 2500 }, (_, i) => i * 10));
    for (const m of written) expect(m.key).toBe(`u${((JSON.parse(m.value) as Click).n / 10) % 5}`);
  });
});

describe('pulsarSource positions', () => {
  it('resumes from a snapshot’s message ids exactly: no record lost, none twice', async () => {
    const topic = await createTopic('resume', 2);
    // More per partition than the WebSocket reader's queue (1,000): its acknowledgements keep it flowing.
    await produce(topic, clicks(2400));
    const source = pulsarSource({ webServiceUrl: pulsar.webServiceUrl, topics: [topic], format: jsonFormat<Click>() });

    const first = driven(new SourceTestDriver(source, { parallelism: 2 }));
    await first.runToEndAsync({ until: () => total(first.outputs) >= 900, timeoutMs: 20_000 });
    const readerSplits = first.readers.map((reader) => reader.snapshotState(1));
    const enumeratorCheckpoint = first.enumerator.snapshotState(1);
    const before = first.outputs.flat();
    first.close();
    expect(
      readerSplits
        .flat()
        .map((s) => s.splitId)
        .sort(),
    ).toEqual([0, 1].map((p) => `persistent://public/default/${topic}-partition-${p}`));

    await produce(topic, clicks(300, 2400));
    const second = driven(
      new SourceTestDriver<Click, PulsarSplit, PulsarEnumeratorState>(source, {
        parallelism: 2,
        readerSplits,
        enumeratorCheckpoint,
      }),
    );
    await second.runToEndAsync({ until: () => before.length + total(second.outputs) >= 2700, timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await second.runToEndAsync({ until: () => true });
    const all = [...before, ...second.outputs.flat()].map((c) => c.n).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 2700 }, (_, i) => i));
  });

  it('reads a topic that is not partitioned, from the latest message on', async () => {
    const topic = await createTopic('plain', 0);
    await produce(topic, [{ value: 'old' }]);
    const driver = driven(
      new SourceTestDriver(
        pulsarSource({
          webServiceUrl: pulsar.webServiceUrl,
          topics: topic,
          startMessageId: 'latest',
          format: linesFormat(),
        }),
        { parallelism: 1 },
      ),
    );
    await driver.runToEndAsync({ until: () => driver.assignments.length > 0, timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await produce(topic, [{ value: 'new-1' }, { value: 'new-2' }]);
    await driver.runToEndAsync({ until: () => total(driver.outputs) >= 2, timeoutMs: 20_000 });
    expect(driver.outputs[0]).toEqual(['new-1', 'new-2']);
  });
});

describe('bad Pulsar configuration', () => {
  it('refuses options that are missing or malformed, naming the field', () => {
    const format = jsonFormat();
    expect(() => pulsarSource({ webServiceUrl: 'pulsar://x:6650', topics: 't', format })).toThrow(ConfigError);
    expect(() => pulsarSource({ webServiceUrl: 'pulsar://x:6650', topics: 't', format })).toThrow(
      /'webServiceUrl' must be the broker's web service URL/,
    );
    expect(() => pulsarSource({ webServiceUrl: pulsar.webServiceUrl, topics: [], format })).toThrow(/'topics'/);
    expect(() => pulsarSource({ webServiceUrl: pulsar.webServiceUrl, topics: 'a/b', format })).toThrow(
      /'topics' has 'a\/b', which is no topic name/,
    );
    expect(() => pulsarSink({ webServiceUrl: pulsar.webServiceUrl, topic: 't', format, key: 'user' as never })).toThrow(
      /'key' must be a function/,
    );
  });

  it('fails a job on a topic that does not exist, naming it', async () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        pulsarSource({
          webServiceUrl: pulsar.webServiceUrl,
          topics: 'no-such-topic-x',
          bounded: true,
          format: linesFormat(),
        }),
        WatermarkStrategy.noWatermarks<string>(),
        'missing',
      )
      .print();
    const client = await env.execute('missing topic');
    await expect(client.result()).rejects.toThrow(
      /topic 'persistent:\/\/public\/default\/no-such-topic-x' \(field 'topics'\) does not exist/,
    );

    const writer = pulsarSink({
      webServiceUrl: pulsar.webServiceUrl,
      topic: 'no-such-output-x',
      format: linesFormat(),
    }).createWriter({ subtaskIndex: 0, parallelism: 1, taskName: 'sink', sendToClient() {} });
    writer.write('x', undefined);
    await expect(writer.flush(true)).rejects.toThrow(
      /topic 'persistent:\/\/public\/default\/no-such-output-x' \(field 'topic'\) does not exist/,
    );
    await writer.close();
  });
});

function total<T>(outputs: T[][]): number {
  return outputs.reduce((sum, out) => sum + out.length, 0);
}
