import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy, type JobClient } from '@weir/api';
import {
  checkpointLocation,
  RedisSnapshotStore,
  TransactionalTestSink,
  TransactionLog,
  type CheckpointStats,
} from '@weir/runtime';
import { PrivateRedisServer } from '../support/private-redis-server';

interface Count {
  key: number;
  count: number;
}

const EVENTS = 40_000;
const KEYS = 20;

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('checkpoints in Redis', () => {
  let redis: PrivateRedisServer;
  beforeAll(async () => (redis = await PrivateRedisServer.start()));
  afterAll(() => redis.stop());

  it('fails the checkpoint in flight when Redis goes down, goes on, and completes the next once it is back', async () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.enableCheckpointing(200);
    env.getCheckpointConfig().setCheckpointStorage(redis.url).setTolerableCheckpointFailureNumber(1000);
    const log = new TransactionLog<Count>();
    const source = new DataGeneratorSource({ generate: (i) => i, count: EVENTS, ratePerSecond: 6_000 });
    env
      .fromSource(source, WatermarkStrategy.noWatermarks(), 'numbers')
      .map((i) => ({ key: i % KEYS, count: 1 }))
      .keyBy((c) => c.key)
      .reduce((a, b) => ({ key: a.key, count: a.count + b.count }))
      .sinkTo(new TransactionalTestSink(log));
    const client: JobClient = await env.execute('redis-checkpoints');
    const history = (): readonly CheckpointStats[] => client.checkpoints();

    await until('a checkpoint in Redis', () => history().some((c) => c.status === 'completed'));
    expect(history().find((c) => c.status === 'completed')!.location).toMatch(/^redis key weir:\{.+\}:chk:\d+$/);
    await redis.stop();
    const down = history().length;
    await until('a checkpoint that fails on the lost connection', () =>
      history().some((c) => c.id > down && c.status === 'failed'),
    );
    expect(history().find((c) => c.status === 'failed')!.failure).toMatch(/Redis snapshot store .* could not/);
    await redis.start();
    const back = history().length;
    await until('a checkpoint after Redis is back', () =>
      history().some((c) => c.id > back && c.status === 'completed'),
    );

    const result = await client.result();
    expect(result.restarts).toBe(0);
    expect(client.status()).toBe('finished');
    const expected: Count[] = [];
    for (let key = 0; key < KEYS; key++) for (let n = 1; n <= EVENTS / KEYS; n++) expected.push({ key, count: n });
    expect(log.committed.slice().sort((a, b) => a.key - b.key || a.count - b.count)).toEqual(expected);
  }, 60_000);

  it('stores blobs issued together while its first connection is being made', async () => {
    // A TaskManager slot's store gets its first commands at its first checkpoint, several at once.
    const store = new RedisSnapshotStore({ url: redis.url }, `first-connection-${process.pid}`);
    try {
      const subtasks = [0, 1, 2, 3];
      await Promise.all(subtasks.map((s) => store.putState(checkpointLocation(1), 1, s, new Uint8Array([s, 7]))));
      for (const s of subtasks) {
        expect(Array.from((await store.getState(checkpointLocation(1), 1, s))!)).toEqual([s, 7]);
      }
      await store.discard(checkpointLocation(1));
    } finally {
      await store.close();
    }
  });
});
