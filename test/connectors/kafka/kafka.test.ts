/**
 * The Kafka connector against a real broker (a single-node KRaft Kafka from Maven Central's jars,
 * started by scripts/brokers when none runs). Input is produced and output read with kafkajs's
 * public client, as any other application would.
 */
import { RestartStrategies, StreamExecutionEnvironment, TumblingEventTimeWindows, WatermarkStrategy } from '@weir/api';
import {
  ConfigError,
  jsonFormat,
  linesFormat,
  SourceTestDriver,
  type TwoPhaseCommittingSink,
} from '@weir/connector-sdk';
import {
  kafkaSink,
  kafkaSource,
  type KafkaCommittable,
  type KafkaEnumeratorState,
  type KafkaSplit,
} from '@weir/connector-kafka';
import { CompressionTypes, Partitioners, type PartitionMetadata } from 'kafkajs';
import { Chaos } from '../../checkpoint/chaos';
import { spin } from '../../support/spin';
import { BROKER_START_TIMEOUT_MS } from '../../support/brokers';
import { KafkaTestCluster } from './kafka-test-cluster';

interface Click {
  user: string;
  n: number;
}

let kafka: KafkaTestCluster;

beforeAll(async () => {
  kafka = await KafkaTestCluster.start();
}, BROKER_START_TIMEOUT_MS);

afterAll(() => kafka?.close());

/** Source drivers a test opened: closed even when the test fails, so no fetch outlives it. */
const drivers: { close(): void }[] = [];
afterEach(() => {
  for (const driver of drivers.splice(0)) driver.close();
});

function driven<T, C>(driver: SourceTestDriver<T, KafkaSplit, C>): SourceTestDriver<T, KafkaSplit, C> {
  drivers.push(driver);
  return driver;
}

const clicks = (count: number, from = 0): { key: string; value: string }[] =>
  Array.from({ length: count }, (_, i) => ({
    key: `u${(from + i) % 7}`,
    value: JSON.stringify({ user: `u${(from + i) % 7}`, n: from + i }),
  }));

const sinkContext = (subtaskIndex: number, parallelism = 2) => ({
  subtaskIndex,
  parallelism,
  taskName: 'kafka-sink',
  sendToClient() {},
});

const committerContext = (subtaskIndex: number, parallelism = 2) => ({
  jobId: 'job',
  operatorUid: 'sink',
  subtaskIndex,
  parallelism,
  taskName: 'kafka-sink',
});

function exactlyOnceSink(topic: string, prefix: string): TwoPhaseCommittingSink<Click, KafkaCommittable> {
  return kafkaSink<Click>({
    brokers: kafka.bootstrap,
    topic,
    format: jsonFormat<Click>(),
    key: (click) => click.user,
    deliveryGuarantee: 'exactly-once',
    transactionalIdPrefix: prefix,
  }) as unknown as TwoPhaseCommittingSink<Click, KafkaCommittable>;
}

describe('kafkaSource and kafkaSink in a job', () => {
  it('reads a bounded topic and writes every record once, keys and timestamps kept', async () => {
    const input = await kafka.createTopic('clicks', 3);
    const output = await kafka.createTopic('clicks-out', 2);
    const base = Date.UTC(2026, 0, 1);
    await kafka.produce(
      input,
      clicks(3000).map((c, i) => ({ ...c, timestamp: base + i })),
    );

    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env
      .fromSource(
        kafkaSource({ brokers: kafka.bootstrap, topics: input, bounded: true, format: jsonFormat<Click>() }),
        WatermarkStrategy.noWatermarks<Click>(),
        'clicks',
      )
      .map((click) => ({ user: click.user, n: click.n * 10 }))
      .sinkTo(kafkaSink({ brokers: kafka.bootstrap, topic: output, format: jsonFormat<Click>(), key: (c) => c.user }));
    await (await env.execute('kafka to kafka')).result();

    const written = await kafka.readCommitted(output);
    expect(written).toHaveLength(3000);
    const byN = new Map(written.map((m) => [(JSON.parse(m.value) as Click).n, m]));
    expect([...byN.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 3000 }, (_, i) => i * 10));
    for (const [n, message] of byN) {
      expect(message.key).toBe(`u${(n / 10) % 7}`);
      expect(message.timestamp).toBe(base + n / 10);
    }
  });

  it('watermarks each partition on its own: a backlog read beside a current partition loses nothing to lateness', async () => {
    const input = await kafka.createTopic('backlog', 2);
    const base = Date.UTC(2026, 0, 1);
    const hourLater = base + 3_600_000;
    await kafka.produce(input, [
      ...clicks(3000).map((c, i) => ({ ...c, partition: 0, timestamp: hourLater + i })),
      ...clicks(3000, 3000).map((c, i) => ({ ...c, partition: 1, timestamp: base + i })),
    ]);
    // A watermark right after every record: one generator over both partitions would put the
    // backlog's records behind the current partition's watermark as soon as it read both.
    const afterEveryRecord = WatermarkStrategy.forGenerator<Click>(() => ({
      onEvent: (_click, timestamp, output) => output.emitWatermark(timestamp - 1),
      onPeriodicEmit: () => {},
    }));
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    const perSecond = await env
      .fromSource(
        kafkaSource({ brokers: kafka.bootstrap, topics: input, bounded: true, format: jsonFormat<Click>() }),
        afterEveryRecord,
        'clicks',
      )
      .map(() => 1)
      .windowAll(TumblingEventTimeWindows.of(1_000))
      .reduce((a, b) => a + b)
      .executeAndCollect();
    expect(perSecond).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
  });

  it('exactly-once: a bounded job’s output is committed, and a read_committed consumer sees each record once', async () => {
    const input = await kafka.createTopic('eo-in', 2);
    const output = await kafka.createTopic('eo-out', 2);
    await kafka.produce(input, clicks(2000));
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env
      .fromSource(
        kafkaSource({ brokers: [kafka.bootstrap], topics: [input], bounded: true, format: jsonFormat<Click>() }),
        WatermarkStrategy.noWatermarks<Click>(),
        'clicks',
      )
      .filter((click) => click.n % 2 === 0)
      .sinkTo(exactlyOnceSink(output, `eo-job-${output}`));
    await (await env.execute('exactly once')).result();

    await eventually(async () => {
      const written = (await kafka.readCommitted(output)).map((m) => (JSON.parse(m.value) as Click).n);
      expect(written.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i * 2));
    });
  });
});

describe('Kafka exactly once under checkpoints and failures (embedded, p=2, a checkpoint every 100 ms)', () => {
  it('restores offsets, counts and transactions: a read_committed consumer sees each update once', async () => {
    const input = await kafka.createTopic('chaos-in', 3);
    const output = await kafka.createTopic('chaos-out', 2);
    const count = 20_000;
    await kafka.produce(input, clicks(count));
    const chaos = new Chaos(2);
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.enableCheckpointing(100);
    env.setRestartStrategy(RestartStrategies.fixedDelay(10, 50));
    env
      .fromSource(
        kafkaSource({
          brokers: kafka.bootstrap,
          topics: input,
          bounded: true,
          format: jsonFormat<Click>(),
        }),
        WatermarkStrategy.noWatermarks<Click>(),
        'clicks',
      )
      .map((click) => {
        spin(100);
        chaos.maybeFail('map');
        return { user: click.user, n: 1 };
      })
      .keyBy((click) => click.user)
      .sum('n')
      .sinkTo(exactlyOnceSink(output, `chaos-${output}`));
    const client = await env.execute('kafka exactly once');
    const result = await client.result();
    expect(chaos.failures).toBe(2);
    expect(result.restarts).toBeGreaterThanOrEqual(1);
    expect(client.checkpoints().some((c) => c.status === 'completed')).toBe(true);

    // One running count per input record: per user exactly 1, 2, …, its number of clicks.
    await eventually(async () => {
      const counts = new Map<string, number[]>();
      for (const m of await kafka.readCommitted(output)) {
        const update = JSON.parse(m.value) as Click;
        counts.set(update.user, [...(counts.get(update.user) ?? []), update.n]);
      }
      const perUser = count / 7;
      for (let u = 0; u < 7; u++) {
        const expected = Math.floor(perUser) + (u < count % 7 ? 1 : 0);
        expect((counts.get(`u${u}`) ?? []).sort((a, b) => a - b)).toEqual(
          Array.from({ length: expected }, (_, i) => i + 1),
        );
      }
    });
  }, 90_000);
});

describe('kafkaSink exactly-once, writer and committer', () => {
  it('shows nothing before the commit, and everything after it', async () => {
    const topic = await kafka.createTopic('txn', 2);
    const sink = exactlyOnceSink(topic, `txn-${topic}`);
    const committer = sink.createCommitter(committerContext(0));
    await committer.abortLingering!();
    const writer = sink.createWriter(sinkContext(0));
    for (let n = 0; n < 100; n++) writer.write({ user: `u${n % 3}`, n }, undefined);
    await writer.flush(false);
    const committables = await writer.prepareCommit(1);
    expect(committables).toHaveLength(1);
    expect(committables[0].transaction?.transactionalId).toBe(`txn-${topic}-0-0`);

    // Written: a read_uncommitted consumer sees it, a read_committed one not yet.
    expect(await kafka.readUncommitted(topic, 100)).toHaveLength(100);
    expect(await kafka.readCommitted(topic)).toHaveLength(0);

    // The next checkpoint's records go into a second transaction while the first waits.
    writer.write({ user: 'u0', n: 100 }, undefined);
    const second = await writer.prepareCommit(2);
    expect(second[0].transaction?.transactionalId).toBe(`txn-${topic}-0-1`);

    await committer.commit(committables);
    await eventually(async () => expect(await kafka.readCommitted(topic)).toHaveLength(100));
    await committer.commit(second);
    // Every transaction has an id of its own: the third checkpoint's is fresh, not the committed first one's.
    writer.write({ user: 'u1', n: 101 }, undefined);
    const third = await writer.prepareCommit(3);
    expect(third[0].transaction?.transactionalId).toBe(`txn-${topic}-0-2`);
    // A checkpoint with no record holds no transaction, only where the ids have got to.
    expect(await writer.prepareCommit(4)).toEqual([{ subtask: 0, nextId: 3 }]);
    await committer.commit(third);
    await eventually(async () => {
      const seen = (await kafka.readCommitted(topic)).map((m) => (JSON.parse(m.value) as Click).n);
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 102 }, (_, i) => i));
    });
    // A commit replayed after a restore is a no-op.
    await committer.commit(committables);
    expect(await kafka.readCommitted(topic)).toHaveLength(102);
    await writer.close();
    await committer.close();
  });

  it('a restarted subtask commits the restored transaction, aborts the lingering one, and nothing else shows', async () => {
    const topic = await kafka.createTopic('restart', 1);
    const prefix = `restart-${topic}`;
    const first = exactlyOnceSink(topic, prefix);
    const firstCommitter = first.createCommitter(committerContext(1));
    await firstCommitter.abortLingering!();
    const writer = first.createWriter(sinkContext(1));
    for (let n = 0; n < 50; n++) writer.write({ user: 'a', n }, undefined);
    const checkpointed = await writer.prepareCommit(7);
    // After checkpoint 7's barrier, 30 more records in a transaction no checkpoint will cover …
    for (let n = 50; n < 80; n++) writer.write({ user: 'a', n }, undefined);
    await writer.flush(false);
    expect(await kafka.readUncommitted(topic, 80)).toHaveLength(80);
    // … and the subtask dies before checkpoint 7's completion notice: nothing is committed.
    expect(await kafka.readCommitted(topic)).toHaveLength(0);

    // The restarted subtask (a new sink object, as in a new process) recovers from checkpoint 7.
    const second = exactlyOnceSink(topic, prefix);
    const committer = second.createCommitter(committerContext(1));
    await committer.commit(checkpointed);
    await committer.abortLingering!();
    const restarted = second.createWriter(sinkContext(1));
    restarted.write({ user: 'b', n: 1000 }, undefined);
    await committer.commit(await restarted.prepareCommit(8));

    // The lingering transaction is aborted: the last stable offset is past it, and it stays unseen.
    await eventually(async () => {
      const seen = (await kafka.readCommitted(topic)).map((m) => (JSON.parse(m.value) as Click).n);
      expect(seen).toEqual([...Array.from({ length: 50 }, (_, i) => i), 1000]);
    });
    // The first attempt's producer was fenced: it can no longer write into its transaction.
    writer.write({ user: 'a', n: 80 }, undefined);
    await expect(writer.flush(false)).rejects.toThrow(/kafkaSink/);
    await writer.close();
    await restarted.close();
    await committer.close();
    await firstCommitter.close();
  });

  it('a commit replayed after a restore leaves alone the transaction its id has since begun', async () => {
    const topic = await kafka.createTopic('replay', 1);
    const prefix = `replay-${topic}`;
    const first = exactlyOnceSink(topic, prefix);
    const firstCommitter = first.createCommitter(committerContext(0));
    await firstCommitter.abortLingering!();
    const writer = first.createWriter(sinkContext(0));
    for (let n = 0; n < 10; n++) writer.write({ user: 'a', n }, undefined);
    const checkpointed = await writer.prepareCommit(1);
    await firstCommitter.commit(checkpointed);
    // Checkpoint 1 is committed; its id is free, and the next records open a transaction on it.
    for (let n = 10; n < 20; n++) writer.write({ user: 'a', n }, undefined);
    await writer.flush(false);
    expect(await kafka.readUncommitted(topic, 20)).toHaveLength(20);

    // The subtask dies; its restart replays checkpoint 1's commit (a committer cannot know it was
    // done): that must not commit the open transaction of the same id, which abortLingering aborts.
    const second = exactlyOnceSink(topic, prefix);
    const committer = second.createCommitter(committerContext(0));
    await committer.commit(checkpointed);
    await committer.abortLingering!();
    await eventually(async () => {
      const seen = (await kafka.readCommitted(topic)).map((m) => (JSON.parse(m.value) as Click).n);
      expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => i));
      const stable = await kafka.lastStableOffsets(topic);
      expect(stable.get(0)).toBeGreaterThanOrEqual(21);
    });
    await writer.close();
    await committer.close();
    await firstCommitter.close();
  });
});

describe('kafkaSink options', () => {
  it('writes headers, and sends a key to the partition Kafka’s producer picks', async () => {
    const topic = await kafka.createTopic('keyed', 4);
    const writer = kafkaSink<Click>({
      brokers: kafka.bootstrap,
      topic,
      format: jsonFormat<Click>(),
      key: (c) => c.user,
      headers: (c) => ({ source: 'weir', n: String(c.n), raw: Uint8Array.of(0x68, 0x69) }),
    }).createWriter(sinkContext(0, 1));
    for (let n = 0; n < 200; n++) writer.write({ user: `u${n % 13}`, n }, undefined);
    await writer.flush(true);
    await writer.close();

    const written = await kafka.readCommitted(topic);
    expect(written).toHaveLength(200);
    // kafkajs's DefaultPartitioner is the Java producer's (murmur2 of the key).
    const javaPartitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata: PartitionMetadata[] = [0, 1, 2, 3].map((partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
    }));
    for (const message of written) {
      const { user, n } = JSON.parse(message.value) as Click;
      expect(message.key).toBe(user);
      expect(message.partition).toBe(
        javaPartitioner({ topic, partitionMetadata, message: { key: user, value: null } }),
      );
      expect(message.headers).toEqual({ source: 'weir', n: String(n), raw: 'hi' });
    }
    expect(new Set(written.map((m) => m.partition)).size).toBeGreaterThan(1);
  });

  it('sends a record where the partitioner says, and spreads records without a key over every partition', async () => {
    const topic = await kafka.createTopic('routed', 4);
    const routed = kafkaSink<Click>({
      brokers: kafka.bootstrap,
      topic,
      format: jsonFormat<Click>(),
      partitioner: (c, key, partitions) => (key === null ? c.n % partitions : -1),
    }).createWriter(sinkContext(0, 1));
    for (let n = 0; n < 40; n++) routed.write({ user: 'u', n }, undefined);
    await routed.flush(true);
    await routed.close();
    const written = await kafka.readCommitted(topic);
    expect(written).toHaveLength(40);
    for (const message of written) {
      expect(message.key).toBeNull();
      expect(message.partition).toBe((JSON.parse(message.value) as Click).n % 4);
    }

    const unkeyed = await kafka.createTopic('unkeyed', 4);
    const spread = kafkaSink<Click>({ brokers: kafka.bootstrap, topic: unkeyed, format: jsonFormat<Click>() });
    const writer = spread.createWriter(sinkContext(0, 1));
    for (let n = 0; n < 40; n++) writer.write({ user: 'u', n }, undefined);
    await writer.flush(true);
    await writer.close();
    const counts = new Map<number, number>();
    for (const m of await kafka.readCommitted(unkeyed)) counts.set(m.partition, (counts.get(m.partition) ?? 0) + 1);
    expect([...counts.entries()].sort()).toEqual([0, 1, 2, 3].map((p) => [p, 10]));

    const wrong = kafkaSink<Click>({
      brokers: kafka.bootstrap,
      topic,
      format: jsonFormat<Click>(),
      partitioner: () => 7,
    }).createWriter(sinkContext(0, 1));
    wrong.write({ user: 'u', n: 0 }, undefined);
    await expect(wrong.flush(true)).rejects.toThrow(
      new RegExp(`the partitioner returned 7 for topic '${topic}', which has partitions 0 to 3`),
    );
    await wrong.close();
  });
});

describe('kafkaSource and what producers leave in a topic', () => {
  it('skips aborted transactions and markers read_committed, reads gzip batches, and skips tombstones', async () => {
    const topic = await kafka.createTopic('mixed', 1);
    const transactional = kafka.kafka.producer({
      transactionalId: `mixed-${topic}`,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    const overlapping = kafka.kafka.producer({
      transactionalId: `mixed-overlapping-${topic}`,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    const plain = kafka.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await transactional.connect();
    await overlapping.connect();
    await plain.connect();
    try {
      // An aborted transaction with a plain record between its two: only the plain one is committed.
      // Inside it another one begins and is aborted first, so the broker lists the two aborted
      // transactions in the other order than their first offsets (as two sink subtasks' aborted
      // transactions can come).
      const aborted = await transactional.transaction();
      await aborted.send({ topic, messages: [{ value: 'aborted-1' }] });
      await plain.send({ topic, messages: [{ value: 'plain-1' }] });
      const abortedInside = await overlapping.transaction();
      await abortedInside.send({ topic, messages: [{ value: 'aborted-inside' }] });
      await aborted.send({ topic, messages: [{ value: 'aborted-2' }] });
      await abortedInside.abort();
      await aborted.abort();
      const committed = await transactional.transaction();
      await committed.send({ topic, messages: [{ value: 'committed-1' }, { value: 'committed-2' }] });
      await committed.commit();
      await plain.send({
        topic,
        compression: CompressionTypes.GZIP,
        messages: [{ value: 'gzip-1' }, { value: null }, { value: 'gzip-2' }],
      });
    } finally {
      await transactional.disconnect();
      await overlapping.disconnect();
      await plain.disconnect();
    }

    const read = async (isolationLevel: 'read_committed' | 'read_uncommitted'): Promise<string[]> => {
      const source = kafkaSource({
        brokers: kafka.bootstrap,
        topics: topic,
        bounded: true,
        isolationLevel,
        format: linesFormat(),
      });
      const driver = driven(new SourceTestDriver(source, { parallelism: 1 }));
      return (await driver.runToEndAsync({ timeoutMs: 20_000 }))[0];
    };
    const committed = ['plain-1', 'committed-1', 'committed-2', 'gzip-1', 'gzip-2'];
    expect(await read('read_committed')).toEqual(committed);
    // The tests' own read_committed reader agrees (the other tests judge exactly-once output by it).
    expect((await kafka.readCommitted(topic)).map((m) => m.value).filter((v) => v !== '')).toEqual(committed);
    expect(await read('read_uncommitted')).toEqual([
      'aborted-1',
      'plain-1',
      'aborted-inside',
      'aborted-2',
      'committed-1',
      'committed-2',
      'gzip-1',
      'gzip-2',
    ]);
  });
});

describe('kafkaSource positions', () => {
  it('resumes from a snapshot’s offsets exactly: no record lost, none twice', async () => {
    const topic = await kafka.createTopic('resume', 3);
    await kafka.produce(topic, clicks(1500));
    const source = kafkaSource({ brokers: kafka.bootstrap, topics: topic, format: jsonFormat<Click>() });

    const first = driven(new SourceTestDriver(source, { parallelism: 2 }));
    await first.runToEndAsync({ until: () => total(first.outputs) >= 700, timeoutMs: 20_000 });
    const readerSplits = first.readers.map((reader) => reader.snapshotState(1));
    const enumeratorCheckpoint = first.enumerator.snapshotState(1);
    const before = first.outputs.flat();
    expect(
      readerSplits
        .flat()
        .map((s) => s.splitId)
        .sort(),
    ).toEqual([0, 1, 2].map((p) => `${topic}-${p}`));

    await kafka.produce(topic, clicks(500, 1500));
    const second = driven(
      new SourceTestDriver<Click, KafkaSplit, KafkaEnumeratorState>(source, {
        parallelism: 2,
        readerSplits,
        enumeratorCheckpoint,
      }),
    );
    await second.runToEndAsync({ until: () => before.length + total(second.outputs) >= 2000, timeoutMs: 20_000 });
    // Whatever arrives late would be a duplicate: give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await second.runToEndAsync({ until: () => true });
    const all = [...before, ...second.outputs.flat()].map((c) => c.n).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  it('starts at the latest offsets, at a timestamp, or at the group’s committed offsets', async () => {
    const topic = await kafka.createTopic('start', 1);
    const base = Date.UTC(2026, 1, 1);
    await kafka.produce(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ value: `r${i}`, timestamp: base + i * 1000 })),
    );
    const read = async (options: Partial<Parameters<typeof kafkaSource<string>>[0]>, count: number) => {
      const driver = driven(
        new SourceTestDriver(
          kafkaSource({ brokers: kafka.bootstrap, topics: topic, format: linesFormat(), ...options }),
          { parallelism: 1 },
        ),
      );
      await driver.runToEndAsync({ until: () => total(driver.outputs) >= count, timeoutMs: 20_000 });
      return driver;
    };

    const fromTimestamp = await read({ startingOffsets: { timestamp: base + 6500 } }, 3);
    expect(fromTimestamp.outputs[0]).toEqual(['r7', 'r8', 'r9']);

    const latest = await read({ startingOffsets: 'latest' }, 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await kafka.produce(topic, [{ value: 'r10' }]);
    await latest.runToEndAsync({ until: () => total(latest.outputs) >= 1, timeoutMs: 20_000 });
    expect(latest.outputs[0]).toEqual(['r10']);

    // A job that commits its checkpoint's offsets to a group; the next one starts there.
    const groupId = `group-${topic}`;
    const committing = await read({ groupId, commitOffsetsOnCheckpoint: true, bounded: true }, 11);
    expect(committing.outputs[0]).toHaveLength(11);
    const reader = committing.readers[0];
    reader.snapshotState(3);
    await reader.notifyCheckpointComplete!(3);
    await kafka.produce(topic, [{ value: 'r11' }]);
    const resumed = await read({ groupId, startingOffsets: 'committed' }, 1);
    expect(resumed.outputs[0]).toEqual(['r11']);
  });

  it('finds partitions added while it runs, and reads them from their start', async () => {
    const topic = await kafka.createTopic('grow', 1);
    await kafka.produce(topic, [{ value: 'p0-a', partition: 0 }]);
    const driver = driven(
      new SourceTestDriver(
        kafkaSource({
          brokers: kafka.bootstrap,
          topics: topic,
          format: linesFormat(),
          partitionDiscoveryIntervalMs: 300,
        }),
        { parallelism: 2 },
      ),
    );
    await driver.runToEndAsync({ until: () => total(driver.outputs) >= 1, timeoutMs: 20_000 });
    await kafka.addPartitions(topic, 3);
    await kafka.produce(topic, [
      { value: 'p1-a', partition: 1 },
      { value: 'p2-a', partition: 2 },
    ]);
    await driver.runToEndAsync({ until: () => total(driver.outputs) >= 3, timeoutMs: 20_000 });
    expect(driver.outputs.flat().sort()).toEqual(['p0-a', 'p1-a', 'p2-a']);
    expect(driver.assignments.flatMap((a) => a.splitIds).sort()).toEqual([0, 1, 2].map((p) => `${topic}-${p}`));
  });
});

describe('bad Kafka configuration', () => {
  it('refuses options that are missing or malformed, naming the field', () => {
    const format = jsonFormat();
    expect(() => kafkaSource({ brokers: [], topics: 't', format })).toThrow(ConfigError);
    expect(() => kafkaSource({ brokers: [], topics: 't', format })).toThrow(/'brokers' must list at least one broker/);
    expect(() => kafkaSource({ brokers: 'localhost', topics: 't', format })).toThrow(/'brokers' must be host:port/);
    expect(() => kafkaSource({ brokers: kafka.bootstrap, topics: 'no spaces', format })).toThrow(
      /'topics' must be topic names/,
    );
    expect(() => kafkaSource({ brokers: kafka.bootstrap, format })).toThrow(/either 'topics' or 'topicPattern'/);
    expect(() => kafkaSource({ brokers: kafka.bootstrap, topics: 't', format, startingOffsets: 'committed' })).toThrow(
      /'groupId' is needed/,
    );
    expect(() =>
      kafkaSource({ brokers: kafka.bootstrap, topics: 't', format, startingOffsets: 'newest' as 'latest' }),
    ).toThrow(/'startingOffsets' must be 'earliest', 'latest', 'committed' or \{ timestamp/);
    expect(() => kafkaSource({ brokers: kafka.bootstrap, topics: 't', format: 'json' as never })).toThrow(/'format'/);
    expect(() =>
      kafkaSink({ brokers: kafka.bootstrap, topic: 't', format, deliveryGuarantee: 'exactly-once' }),
    ).toThrow(/'transactionalIdPrefix' is needed/);
    expect(() => kafkaSink({ brokers: kafka.bootstrap, topic: 't', format, key: 'user' as never })).toThrow(
      /'key' must be a function/,
    );
    expect(() => kafkaSink({ brokers: kafka.bootstrap, topic: 't', format, lingerMs: 5 } as never)).toThrow(
      /'lingerMs' is not an option/,
    );
  });

  it('fails a job on a topic that does not exist, naming it', async () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        kafkaSource({ brokers: kafka.bootstrap, topics: 'no-such-topic', bounded: true, format: linesFormat() }),
        WatermarkStrategy.noWatermarks<string>(),
        'missing',
      )
      .print();
    const client = await env.execute('missing topic');
    await expect(client.result()).rejects.toThrow(/topic 'no-such-topic' \(field 'topics'\) not found/);

    const writer = kafkaSink({ brokers: kafka.bootstrap, topic: 'no-such-output', format: linesFormat() }).createWriter(
      sinkContext(0),
    );
    writer.write('x', undefined);
    await expect(writer.flush(true)).rejects.toThrow(/topic 'no-such-output' \(field 'topic'\) not found/);
    await writer.close();
  });

  it('fails on brokers it cannot reach, after its retries, naming them', async () => {
    const started = Date.now();
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        kafkaSource({
          brokers: '127.0.0.1:1',
          topics: 't',
          bounded: true,
          format: linesFormat(),
          connectionRetries: 1,
        }),
        WatermarkStrategy.noWatermarks<string>(),
        'unreachable',
      )
      .print();
    const client = await env.execute('unreachable');
    await expect(client.result()).rejects.toThrow(
      /kafkaSource: reading from 127\.0\.0\.1:1 \(field 'brokers'\) failed/,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

function total<T>(outputs: T[][]): number {
  return outputs.reduce((sum, out) => sum + out.length, 0);
}

/** Retries an assertion for a few seconds: transaction markers reach the partitions shortly after a commit. */
async function eventually(assertion: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
