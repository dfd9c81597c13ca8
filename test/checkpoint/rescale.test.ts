import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy, type JobClient } from '@weir/api';
import { TransactionalTestSink, TransactionLog } from '@weir/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Count {
  key: number;
  count: number;
}

const EVENTS = 20_000;
const KEYS = 50;

let storage: string;
beforeAll(() => (storage = mkdtempSync(join(tmpdir(), 'weir-rescale-'))));
afterAll(() => rmSync(storage, { recursive: true, force: true }));

/** A keyed count (uids set, so a savepoint finds its operators at any parallelism). */
function countingJob(
  log: TransactionLog<Count>,
  parallelism: number,
  options: { fromSavepoint?: string; allowNonRestoredState?: boolean; extraUid?: string } = {},
): Promise<JobClient> {
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism, ...options });
  env.getCheckpointConfig().setCheckpointStorage(storage);
  const source = new DataGeneratorSource({ generate: (i) => i, count: EVENTS, ratePerSecond: 10_000 });
  env
    .fromSource(source, WatermarkStrategy.noWatermarks(), 'numbers')
    .uid('numbers')
    .map((i) => ({ key: i % KEYS, count: 1 }))
    .uid(options.extraUid ?? 'to-count')
    .keyBy((c) => c.key)
    .reduce((a, b) => ({ key: a.key, count: a.count + b.count }))
    .uid('count')
    .sinkTo(new TransactionalTestSink(log))
    .uid('sink');
  return env.execute('rescalable-count');
}

const sorted = (counts: Count[]) => counts.slice().sort((a, b) => a.key - b.key || a.count - b.count);

/** Runs at p=2 until some records are counted, takes a savepoint, and cancels. */
async function savepointAtTwo(log: TransactionLog<Count>, name: string): Promise<string> {
  const client = await countingJob(log, 2);
  while (client.progress().recordsToSinks < EVENTS / 4) await new Promise((r) => setTimeout(r, 50));
  const path = await client.triggerSavepoint(name);
  await client.cancel();
  return path;
}

describe('savepoints and rescaling (embedded, directory storage)', () => {
  const expected: Count[] = [];
  for (let key = 0; key < KEYS; key++) for (let n = 1; n <= EVENTS / KEYS; n++) expected.push({ key, count: n });

  it.each([1, 2, 4])(
    'restores a savepoint taken at p=2 at p=%i with the results of an unrescaled run',
    async (p) => {
      const log = new TransactionLog<Count>();
      const path = await savepointAtTwo(log, `at-two-for-${p}`);
      const before = log.committed.length;
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(EVENTS);
      const restored = await countingJob(log, p, { fromSavepoint: path });
      await restored.result();
      expect(sorted(log.committed)).toEqual(expected);
    },
    60_000,
  );

  it('finds a savepoint by name in the checkpoint storage', async () => {
    const log = new TransactionLog<Count>();
    await savepointAtTwo(log, 'by-name');
    await (await countingJob(log, 3, { fromSavepoint: 'by-name' })).result();
    expect(sorted(log.committed)).toEqual(expected);
  }, 60_000);

  it('refuses state of an operator the job lost, naming it, unless non-restored state is allowed', async () => {
    const log = new TransactionLog<Count>();
    const path = await savepointAtTwo(log, 'changed-job');
    const refused = await countingJob(new TransactionLog<Count>(), 2, { fromSavepoint: path, extraUid: 'renamed' });
    await expect(refused.result()).rejects.toThrow(
      /has state of operator uid 'to-count' .*which this job has no operator for.*--allow-non-restored-state/,
    );
    const allowed = await countingJob(log, 2, {
      fromSavepoint: path,
      extraUid: 'renamed',
      allowNonRestoredState: true,
    });
    await allowed.result();
    expect(sorted(log.committed)).toEqual(expected);
  }, 60_000);
});
