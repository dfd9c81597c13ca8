/**
 * The Pulsar connector against a real standalone broker (from Maven Central's jars, started by
 * scripts/brokers when none runs). Topics are made and input written with Pulsar's admin REST API
 * and WebSocket API directly, not through the connector under test.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { ConfigError, jsonFormat, linesFormat, SourceTestDriver } from '@weir/connector-sdk';
import { pulsarSink, pulsarSource, type PulsarEnumeratorState, type PulsarSplit } from '@weir/connector-pulsar';
import { BROKER_START_TIMEOUT_MS, type PulsarBroker } from '../../support/brokers';
import { startPulsarTopics, type PulsarTestTopics } from './pulsar-test-topics';

interface Click {
  user: string;
  n: number;
}

let pulsar: PulsarBroker;
let topics: PulsarTestTopics;

beforeAll(async () => ({ pulsar, topics } = await startPulsarTopics()), BROKER_START_TIMEOUT_MS);

const drivers: { close(): void }[] = [];
afterEach(() => {
  for (const driver of drivers.splice(0)) driver.close();
});

function driven<T, C>(driver: SourceTestDriver<T, PulsarSplit, C>): SourceTestDriver<T, PulsarSplit, C> {
  drivers.push(driver);
  return driver;
}

const clicks = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => ({
    key: `u${(from + i) % 5}`,
    value: JSON.stringify({ user: `u${(from + i) % 5}`, n: from + i }),
  }));

describe('pulsarSource and pulsarSink in a job', () => {
  it('reads a bounded partitioned topic and writes every record once, with its key', async () => {
    const input = await topics.create('clicks', 3);
    const output = await topics.create('clicks-out', 2);
    await topics.produce(input, clicks(2500));

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

    const written = await topics.readAll(output, 2, 2500);
    const ns = written.map((m) => (JSON.parse(m.value) as Click).n).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: 2500 }, (_, i) => i * 10));
    for (const m of written) expect(m.key).toBe(`u${((JSON.parse(m.value) as Click).n / 10) % 5}`);
  });
});

describe('event time', () => {
  it('a record’s timestamp becomes its message’s event time', async () => {
    const output = await topics.create('stamped', 0);
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromCollection(Array.from({ length: 50 }, (_, n) => ({ user: `u${n}`, n })))
      .assignTimestampsAndWatermarks(
        WatermarkStrategy.forMonotonousTimestamps<Click>().withTimestampAssigner(
          (click) => 1_600_000_000_000 + click.n,
        ),
      )
      .sinkTo(pulsarSink({ webServiceUrl: pulsar.webServiceUrl, topic: output, format: jsonFormat<Click>() }));
    await (await env.execute('stamped')).result();

    const written = await topics.readAll(output, 0, 50);
    expect(written).toHaveLength(50);
    for (const m of written) {
      expect(Date.parse(m.eventTime!)).toBe(1_600_000_000_000 + (JSON.parse(m.value) as Click).n);
    }
  });
});

describe('malformed messages', () => {
  const input = async () => {
    const topic = await topics.create('malformed', 0);
    await topics.produce(topic, [
      { value: '{"user":"u0","n":0}' },
      { value: '{"user":' },
      { value: '{"user":"u2","n":2}' },
      { value: 'not json' },
      { value: '{"user":"u4","n":4}' },
    ]);
    return topic;
  };

  it('fail the job by default, naming the topic and message', async () => {
    const topic = await input();
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        pulsarSource({
          webServiceUrl: pulsar.webServiceUrl,
          topics: topic,
          bounded: true,
          format: jsonFormat<Click>(),
        }),
        WatermarkStrategy.noWatermarks<Click>(),
        'clicks',
      )
      .print();
    await expect((await env.execute('malformed')).result()).rejects.toThrow(
      new RegExp(
        `pulsarSource: malformed JSON record in 'persistent://public/default/${topic}' at message [A-Za-z0-9+/=]+: `,
      ),
    );
  });

  it('go to the dead-letter output with their topic, message id and reason, and reading goes on', async () => {
    const topic = await input();
    const deadLetterPath = mkdtempSync(join(tmpdir(), 'pulsar-dead-letters-'));
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    const read = env
      .fromSource(
        pulsarSource({
          webServiceUrl: pulsar.webServiceUrl,
          topics: topic,
          bounded: true,
          format: jsonFormat<Click>(),
          onMalformed: { deadLetterPath },
        }),
        WatermarkStrategy.noWatermarks<Click>(),
        'clicks',
      )
      .executeAndCollect();
    expect((await read).map((click) => click.n)).toEqual([0, 2, 4]);

    const letters = readFileSync(join(deadLetterPath, 'dead-letter-0.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(letters.map((l) => [l.topic, l.text])).toEqual([
      [`persistent://public/default/${topic}`, '{"user":'],
      [`persistent://public/default/${topic}`, 'not json'],
    ]);
    for (const letter of letters) {
      expect(letter.messageId).toMatch(/^[A-Za-z0-9+/=]+$/);
      expect(letter.reason).not.toBe('');
    }
    rmSync(deadLetterPath, { recursive: true, force: true });
  });

  it('refuses a policy it does not know, naming the field', () => {
    expect(() =>
      pulsarSource({
        webServiceUrl: pulsar.webServiceUrl,
        topics: 't',
        format: jsonFormat(),
        onMalformed: 'skip' as 'fail',
      }),
    ).toThrow("'onMalformed' must be 'fail' or { deadLetterPath: '<directory>' } (got 'skip')");
  });
});

describe('pulsarSource positions', () => {
  it('resumes from a snapshot’s message ids exactly: no record lost, none twice', async () => {
    const topic = await topics.create('resume', 2);
    // More per partition than the WebSocket reader's queue (1,000): its acknowledgements keep it flowing.
    await topics.produce(topic, clicks(2400));
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

    await topics.produce(topic, clicks(300, 2400));
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
    const topic = await topics.create('plain', 0);
    await topics.produce(topic, [{ value: 'old' }]);
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
    await topics.produce(topic, [{ value: 'new-1' }, { value: 'new-2' }]);
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
