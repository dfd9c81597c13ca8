/**
 * The Pulsar sink's exactly-once mode against a real standalone broker: each complete checkpoint's
 * messages are sent under producer names and sequence ids that Pulsar's message deduplication uses
 * to drop a replay. A job that fails at random and restarts from its checkpoints writes each record
 * once; a commit sent twice is stored once; a topic without deduplication is refused, by name.
 */
import { RestartStrategies, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { jsonFormat, linesFormat, type Committer, type CommitterContext } from '@weir/connector-sdk';
import { ExactlyOncePulsarSink, pulsarSink, pulsarSource, type PulsarCommittable } from '@weir/connector-pulsar';
import { Chaos } from '../../checkpoint/chaos';
import { spin } from '../../support/spin';
import { BROKER_START_TIMEOUT_MS, type PulsarBroker } from '../../support/brokers';
import { startPulsarTopics, type PulsarTestTopics, type TestMessage } from './pulsar-test-topics';

interface Click {
  user: string;
  n: number;
}

let pulsar: PulsarBroker;
let topics: PulsarTestTopics;

beforeAll(async () => ({ pulsar, topics } = await startPulsarTopics()), BROKER_START_TIMEOUT_MS);

const clicks = (count: number): TestMessage[] =>
  Array.from({ length: count }, (_, n) => ({
    key: `u${n % 7}`,
    value: JSON.stringify({ user: `u${n % 7}`, n }),
    eventTime: 1_700_000_000_000 + n,
  }));

describe('Pulsar exactly once under checkpoints and failures (embedded, p=2, a checkpoint every 100 ms)', () => {
  it('a reader sees each record once, with its key on Pulsar’s partition and its event time', async () => {
    const input = await topics.create('eo-in', 3);
    const output = await topics.create('eo-out', 2);
    await topics.enableDeduplication(output, 2);
    const count = 6_000;
    await topics.produce(input, clicks(count));
    const chaos = new Chaos(2);
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.enableCheckpointing(100);
    env.setRestartStrategy(RestartStrategies.fixedDelay(10, 50));
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
      .map((click) => {
        spin(400);
        chaos.maybeFail('map');
        return click;
      })
      .sinkTo(
        pulsarSink({
          webServiceUrl: pulsar.webServiceUrl,
          topic: output,
          format: jsonFormat<Click>(),
          key: (click) => click.user,
          deliveryGuarantee: 'exactly-once',
        }),
      );
    const client = await env.execute('pulsar exactly once');
    const result = await client.result();
    expect(chaos.failures).toBe(2);
    expect(result.restarts).toBeGreaterThanOrEqual(1);
    expect(client.checkpoints().some((c) => c.status === 'completed')).toBe(true);

    const written = await topics.readAll(output, 2, count);
    const ns = written.map((m) => (JSON.parse(m.value) as Click).n).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: count }, (_, n) => n));
    // The source's records carry their message's event time; the sink's messages carry it on.
    for (const m of written) {
      const { n, user } = JSON.parse(m.value) as Click;
      expect(m.key).toBe(user);
      expect(Date.parse(m.eventTime!)).toBe(1_700_000_000_000 + n);
    }
    // Keys land where Pulsar's own producers put them.
    const routing = await pulsarRouting(
      Array.from({ length: 7 }, (_, u) => `u${u}`),
      2,
    );
    for (const m of written) expect(m.partition).toBe(routing.get(m.key!));
  }, 120_000);
});

describe('an exactly-once commit replayed', () => {
  const context = (subtaskIndex: number, parallelism: number): CommitterContext => ({
    jobId: 'job',
    operatorUid: 'sink',
    subtaskIndex,
    parallelism,
    taskName: 'sink',
  });

  /** Two checkpoints of one writer, through a real writer. */
  async function precommitted(sink: ExactlyOncePulsarSink<string>): Promise<PulsarCommittable[]> {
    const writer = sink.createWriter({ subtaskIndex: 1, parallelism: 2, taskName: 'sink', sendToClient() {} });
    for (let i = 0; i < 1500; i++) writer.write(`a${i}`, 1_700_000_000_000 + i);
    const first = await writer.prepareCommit(1);
    writer.write('b0', undefined);
    writer.write('b1', undefined);
    return [...first, ...(await writer.prepareCommit(2))];
  }

  async function commitTwice(sink: ExactlyOncePulsarSink<string>, committables: PulsarCommittable[]): Promise<void> {
    const first: Committer<PulsarCommittable> = sink.createCommitter(context(1, 2));
    await first.commit(committables);
    await first.close();
    // After a restore at parallelism 3, subtask 1 % 3 commits the restored writer's messages again.
    const others = [0, 2].map((i) => sink.createCommitter(context(i, 3)));
    const again = sink.createCommitter(context(1, 3));
    await Promise.all([...others, again].map((committer) => committer.commit(committables)));
    await Promise.all([...others, again].map((committer) => committer.close()));
  }

  it('is stored once when the topic deduplicates, on every partition', async () => {
    for (const partitions of [0, 3]) {
      const topic = await topics.create('replay', partitions);
      await topics.enableDeduplication(topic, partitions);
      const sink = pulsarSink({
        webServiceUrl: pulsar.webServiceUrl,
        topic,
        format: linesFormat(),
        deliveryGuarantee: 'exactly-once',
        batchSize: 400,
      }) as ExactlyOncePulsarSink<string>;
      const committables = await precommitted(sink);
      expect(committables.map((c) => [c.checkpointId, c.firstItem, c.items.length])).toEqual([
        [1, 0, 1500],
        [2, 1500, 2],
      ]);
      await commitTwice(sink, committables);
      const values = (await topics.readAll(topic, partitions, 1502)).map((m) => m.value).sort();
      expect(values).toEqual([...Array.from({ length: 1500 }, (_, i) => `a${i}`), 'b0', 'b1'].sort());
    }
  }, 60_000);

  it('needs deduplication: the sink refuses a topic without it, naming it', async () => {
    const topic = await topics.create('no-dedup', 0);
    const sink = pulsarSink({
      webServiceUrl: pulsar.webServiceUrl,
      topic,
      format: linesFormat(),
      deliveryGuarantee: 'exactly-once',
    }) as ExactlyOncePulsarSink<string>;
    await expect(sink.createCommitter(context(0, 1)).commit(await precommitted(sink))).rejects.toThrow(
      `pulsarSink: deliveryGuarantee 'exactly-once' needs Pulsar's message deduplication on topic ` +
        `'persistent://public/default/${topic}', and it is off.`,
    );
  }, 60_000);
});

describe('bad exactly-once configuration', () => {
  it('refuses a delivery guarantee it does not know', () => {
    expect(() =>
      pulsarSink({
        webServiceUrl: pulsar.webServiceUrl,
        topic: 't',
        format: linesFormat(),
        deliveryGuarantee: 'exactly' as never,
      }),
    ).toThrow(/'deliveryGuarantee' must be one of the following values: at-least-once, exactly-once/);
  });
});

/** The partition Pulsar's own producer routes each key to. */
async function pulsarRouting(keys: string[], partitions: number): Promise<Map<string, number>> {
  const topic = await topics.create('routing', partitions);
  await topics.produce(
    topic,
    keys.map((key) => ({ key, value: key })),
  );
  return new Map((await topics.readAll(topic, partitions, keys.length)).map((m) => [m.key!, m.partition]));
}
