import { DataGeneratorSource, RestartStrategies, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import {
  checkpointLocation,
  DirectorySnapshotStore,
  loadSnapshot,
  TransactionalTestSink,
  TransactionLog,
  type JobClient,
} from '@weir/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chaos } from './chaos';

interface Count {
  key: number;
  count: number;
}

const EVENTS = 20_000;
const KEYS = 40;
const byKeyAndCount = (a: Count, b: Count) => a.key - b.key || a.count - b.count;

/** Blocks the thread, as a slow system would: the sink's input backs up to the source. */
const pause = new Int32Array(new SharedArrayBuffer(4));
function slowly<T>(value: T, i: number): T {
  if (i % 3 === 0) Atomics.wait(pause, 0, 0, 1);
  return value;
}

/** Checkpoint ids seen completed, and how many of them held in-flight data. */
async function watchCheckpoints(client: JobClient, directory: string, seen: Map<number, boolean>): Promise<void> {
  const store = new DirectorySnapshotStore(directory, client.jobId);
  for (const stats of client.checkpoints()) {
    if (stats.status !== 'completed' || stats.savepoint || seen.has(stats.id)) continue;
    const loaded = await loadSnapshot(store, checkpointLocation(stats.id)).catch(() => undefined);
    if (loaded !== undefined) seen.set(stats.id, loaded.channels.size > 0);
  }
}

describe('unaligned checkpoints (embedded, p=2, under back-pressure)', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'weir-unaligned-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('commit exactly the output of a failure-free run although user code fails at random', async () => {
    const expected: Count[] = [];
    for (let key = 0; key < KEYS; key++) for (let n = 1; n <= EVENTS / KEYS; n++) expected.push({ key, count: n });

    const log = new TransactionLog<Count>();
    const chaos = new Chaos(3);
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.enableCheckpointing(250);
    env
      .getCheckpointConfig()
      .enableUnalignedCheckpoints()
      .setMaxRetainedCheckpoints(1000)
      .setCheckpointStorage(directory);
    env.setRestartStrategy(RestartStrategies.fixedDelay(20, 50));
    env
      .fromSource(
        new DataGeneratorSource({ generate: (i) => i, count: EVENTS, ratePerSecond: 4_000 }),
        WatermarkStrategy.noWatermarks(),
        'n',
      )
      .map((i) => {
        chaos.maybeFail('map');
        return { key: i % KEYS, count: 1 };
      })
      .keyBy((c) => c.key)
      .reduce((a, b) => ({ key: a.key, count: a.count + b.count }))
      .rebalance()
      .map((c) => slowly(c, c.count))
      .sinkTo(new TransactionalTestSink(log));
    const client = await env.execute('unaligned-count');

    const seen = new Map<number, boolean>();
    let done = false;
    const result = client.result().finally(() => (done = true));
    while (!done) {
      await watchCheckpoints(client, directory, seen);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await result).restarts).toBeGreaterThanOrEqual(2);
    expect(chaos.failures).toBe(3);
    // The barriers overtook records waiting under back-pressure: those checkpoints hold them.
    expect([...seen.values()].filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(log.committed.slice().sort(byKeyAndCount)).toEqual(expected);
  }, 120_000);
});
