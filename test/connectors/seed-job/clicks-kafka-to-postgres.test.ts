/**
 * The seed job end to end on a cluster (issue 5, "Proof"): examples/clicks-kafka-to-postgres.ts reads
 * clicks from a real Kafka topic, averages them per page per one-second event-time window and upserts
 * the averages into PostgreSQL, on a JobManager and two TaskManagers (real processes). A TaskManager
 * killed with SIGKILL mid-run: the job resumes from its latest checkpoint, and the table is exactly
 * a failure-free run's, both equal to the averages computed here from the clicks.
 */
import { join } from 'node:path';
import type { Click } from '../../../examples/click-average';
import { runOnCluster } from '../../cluster/cluster-job-runs';
import { TestCluster } from '../../cluster/cluster-processes';
import { BROKER_START_TIMEOUT_MS } from '../../support/brokers';
import { openTestDatabase, uniqueName, type TestDatabase } from '../../support/databases';
import { KafkaTestCluster } from '../kafka/kafka-test-cluster';

const EXAMPLE = join(__dirname, '../../../examples/clicks-kafka-to-postgres.ts');
const CLICKS = 200_000;
const PAGES = ['/home', '/search', '/cart', '/item', '/help'];

/** The i-th click: 100 a second, every 7th 1.5 s behind (within the job's 2 s bound, so none is late). */
function click(i: number): Click {
  return { page: PAGES[(i * 3) % PAGES.length], count: 1 + ((i * 7) % 5), ts: i * 10 - (i % 7 === 0 ? 1500 : 0) };
}

/** What the table must hold: `page|window_end|average` for every window, sorted. */
function expectedRows(): string[] {
  const windows = new Map<string, { sum: number; n: number }>();
  for (let i = 0; i < CLICKS; i++) {
    const c = click(i);
    const key = `${c.page}|${Math.floor(c.ts / 1000) * 1000 + 1000}`;
    const acc = windows.get(key) ?? { sum: 0, n: 0 };
    acc.sum += c.count;
    acc.n += 1;
    windows.set(key, acc);
  }
  return [...windows].map(([key, { sum, n }]) => `${key}|${sum / n}`).sort();
}

let kafka: KafkaTestCluster;
let db: TestDatabase;
let topic: string;
const tables: string[] = [];
const cluster = new TestCluster(`seed-job-${process.pid}`);

beforeAll(async () => {
  [kafka, db] = await Promise.all([KafkaTestCluster.start(), openTestDatabase('postgres'), cluster.start(2, 2)]);
  // Two partitions, one for each of the two readers, each in event-time order but for the 1.5 s
  // stragglers: every click reaches its window before the watermark passes it, in any run.
  topic = await kafka.createTopic('clicks', 2);
  await kafka.produce(
    topic,
    Array.from({ length: CLICKS }, (_, i) => ({ value: JSON.stringify(click(i)), partition: i % 2 })),
  );
}, BROKER_START_TIMEOUT_MS);

afterAll(async () => {
  for (const table of tables) await db.query(`DROP TABLE IF EXISTS ${table}`);
  await Promise.all([db.close(), kafka.close(), cluster.stop()]);
});

async function createTable(): Promise<string> {
  const table = uniqueName('click_avg');
  tables.push(table);
  await db.query(
    `CREATE TABLE ${table} (page TEXT, window_end BIGINT, average DOUBLE PRECISION, PRIMARY KEY (page, window_end))`,
  );
  return table;
}

async function rows(table: string): Promise<string[]> {
  const result = await db.query<{ row: string }>(
    `SELECT page || '|' || window_end || '|' || average AS row FROM ${table} ORDER BY 1`,
  );
  return result.map((r) => r.row).sort();
}

/** Transactions of other sessions waiting for a lock on `table`: the sink's commits, here. */
async function commitsWaitingOn(table: string): Promise<number> {
  const [{ waiting }] = await db.query<{ waiting: string }>(
    'SELECT count(*) AS waiting FROM pg_locks l JOIN pg_class c ON l.relation = c.oid WHERE c.relname = $1 AND NOT l.granted',
    [table],
  );
  return Number(waiting);
}

const run = (table: string) =>
  runOnCluster(
    cluster.client,
    EXAMPLE,
    { brokers: kafka.bootstrap, topic, db: db.url, table, bounded: 'true', 'checkpoint-ms': '200' },
    2,
  );

describe('clicks from Kafka, averaged per page and second, upserted into PostgreSQL, on a cluster', () => {
  it('with a TaskManager killed mid-run, leaves exactly the table of a failure-free run', async () => {
    const expected = expectedRows();

    const reference = await createTable();
    const clean = await run(reference);
    expect({ status: clean.job.status, error: clean.job.error }).toEqual({ status: 'finished', error: undefined });
    expect(await rows(reference)).toEqual(expected);

    const table = await createTable();
    // Mid-run: a checkpoint complete and some averages upserted, but not all of them. The sink's
    // commits wait on a lock of the table, held from the start, so the job cannot be done before
    // the kill however fast it runs; it is let go once, for the one commit waiting on it.
    const lock = await openTestDatabase('postgres');
    const lockTable = async () => {
      await lock.query('BEGIN');
      await lock.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    };
    await lockTable();
    const killed = run(table);
    let atKill: number;
    try {
      await cluster.waitFor(async () => ((await commitsWaitingOn(table)) > 0 ? true : undefined), 60_000);
      await lock.query('COMMIT');
      await lockTable();
      await cluster.waitFor(async () => ((await rows(table)).length > 0 ? true : undefined), 60_000);
      const jobId = (await cluster.client.list()).find(
        (j) => j.jobName === 'clicks-kafka-to-postgres' && j.status === 'running',
      )!.jobId;
      const detail = await cluster.client.job(jobId);
      const victim = detail.subtasks.find((s) => s.taskManager !== undefined)!.taskManager!;
      cluster.taskManagers.get(victim)!.child.kill('SIGKILL');
      atKill = (await rows(table)).length;
    } finally {
      // Ends its transaction, and with it the lock, also when a wait above failed.
      await lock.close();
    }
    cluster.startTaskManager('tm-3', 2);

    const { job } = await killed;
    expect({ status: job.status, error: job.error }).toEqual({ status: 'finished', error: undefined });
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(expected.length);
    expect(job.restarts).toBeGreaterThanOrEqual(1);
    expect(await rows(table)).toEqual(await rows(reference));
  }, 240_000);
});
