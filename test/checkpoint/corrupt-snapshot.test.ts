import { DataGeneratorSource, RestartStrategies, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { executeLocally, TransactionalTestSink, TransactionLog, type JobClient } from '@weir/runtime';
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Count {
  key: number;
  count: number;
}

const EVENTS = 24_000;
const KEYS = 30;

describe('a corrupt checkpoint', () => {
  let storage: string;
  beforeAll(() => (storage = mkdtempSync(join(tmpdir(), 'weir-corrupt-'))));
  afterAll(() => rmSync(storage, { recursive: true, force: true }));

  it('is reported by name and the job falls back to the complete checkpoint before it', async () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.enableCheckpointing(300);
    env.getCheckpointConfig().setCheckpointStorage(storage).setMaxRetainedCheckpoints(3);
    env.setRestartStrategy(RestartStrategies.fixedDelay(3, 50));
    const log = new TransactionLog<Count>();
    // Set once the job runs; the map function reads its checkpoint history.
    const job: { client?: JobClient } = {};
    let corrupted: number | undefined;
    const source = new DataGeneratorSource({ generate: (i) => i, count: EVENTS, ratePerSecond: 8_000 });
    env
      .fromSource(source, WatermarkStrategy.noWatermarks(), 'numbers')
      .map((i) => {
        const complete = job.client?.checkpoints().filter((c) => c.status === 'completed') ?? [];
        if (corrupted === undefined && complete.length >= 2) {
          // Truncate every blob of the newest complete checkpoint, then fail: the restart must skip it.
          const newest = complete[complete.length - 1];
          corrupted = newest.id;
          for (const file of readdirSync(newest.location!)) {
            if (file !== '_metadata')
              truncateSync(join(newest.location!, file), statSync(join(newest.location!, file)).size - 1);
          }
          throw new Error('failing after the corruption');
        }
        return { key: i % KEYS, count: 1 };
      })
      .keyBy((c) => c.key)
      .reduce((a, b) => ({ key: a.key, count: a.count + b.count }))
      .sinkTo(new TransactionalTestSink(log));
    const messages: string[] = [];
    const client = await executeLocally(env.getStreamGraph(), { log: (m) => messages.push(m) });
    job.client = client;
    const result = await client.result();

    expect(result.restarts).toBe(1);
    expect(corrupted).toBeDefined();
    const report = messages.find((m) => m.includes(`checkpoint ${corrupted}`));
    expect(report).toMatch(
      /subtask \d+ in checkpoint \d+ \(.+chk-\d+\) is \d+ bytes but was written with \d+: it is truncated or corrupt/,
    );
    expect(report).toMatch(/Falling back to the checkpoint before it/);
    // State is exact: every key counted to the end, each record once. (The sink's output is not: the
    // newest checkpoint's transactions were committed, and falling back to the one before replays them.)
    const last = new Map<number, number>();
    for (const { key, count } of log.committed) last.set(key, Math.max(last.get(key) ?? 0, count));
    expect([...last.values()]).toEqual(new Array<number>(KEYS).fill(EVENTS / KEYS));
    const seen = new Set(log.committed.map((c) => `${c.key}:${c.count}`));
    expect(seen.size).toBe(EVENTS);
  }, 60_000);
});
