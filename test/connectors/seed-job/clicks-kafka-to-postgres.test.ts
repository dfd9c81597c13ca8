/**
 * The seed job end to end (issue 5, "Proof"): examples/clicks-kafka-to-postgres.ts reads clicks from
 * a real Kafka topic, averages them per page per one-second event-time window and upserts the
 * averages into PostgreSQL. A run killed with SIGKILL mid-way and restored from its latest checkpoint
 * leaves a table exactly equal to a failure-free run's, and both equal the averages computed here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Click } from '../../../examples/click-average';
import { openTestDatabase, uniqueName, type TestDatabase } from '../../support/databases';
import { completeCheckpoints, runJob, until } from '../../support/weir-run';
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
let root: string;
let topic: string;
const tables: string[] = [];

beforeAll(async () => {
  [kafka, db] = await Promise.all([KafkaTestCluster.start(), openTestDatabase('postgres')]);
  root = mkdtempSync(join(tmpdir(), 'weir-seed-job-'));
  // One partition: the clicks reach the windows in the order produced, so no run finds one late.
  topic = await kafka.createTopic('clicks', 1);
  await kafka.produce(
    topic,
    Array.from({ length: CLICKS }, (_, i) => ({ value: JSON.stringify(click(i)) })),
  );
}, 120_000);

afterAll(async () => {
  for (const table of tables) await db.query(`DROP TABLE IF EXISTS ${table}`);
  await Promise.all([db.close(), kafka.close()]);
  rmSync(root, { recursive: true, force: true });
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

function jobArgs(table: string, checkpoints: string): string[] {
  return ['--brokers', kafka.bootstrap, '--topic', topic, '--db', db.url, '--table', table, '--bounded', 'true'].concat(
    ['--checkpoints', checkpoints, '--checkpoint-ms', '100'],
  );
}

describe('clicks from Kafka, averaged per page and second, upserted into PostgreSQL', () => {
  it('a run killed mid-way and restored leaves exactly the table of a failure-free run', async () => {
    const expected = expectedRows();

    const reference = await createTable();
    const clean = runJob(EXAMPLE, 2, jobArgs(reference, join(root, 'clean')));
    const cleanExit = await clean.exited;
    expect({ code: cleanExit.code, output: cleanExit.code === 0 ? '' : clean.output() }).toEqual({
      code: 0,
      output: '',
    });
    expect(await rows(reference)).toEqual(expected);

    const table = await createTable();
    const storage = join(root, 'killed');
    const first = runJob(EXAMPLE, 2, jobArgs(table, storage));
    await until(
      async () =>
        completeCheckpoints(storage).length > 0 &&
        Number((await db.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n) > 0
          ? true
          : undefined,
      'a complete checkpoint and upserted averages',
      first,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const atKill = (await rows(table)).length;
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(expected.length);

    const checkpoint = completeCheckpoints(storage).at(-1)!;
    const second = runJob(EXAMPLE, 2, [...jobArgs(table, storage), '--from-savepoint', checkpoint]);
    const { code } = await second.exited;
    expect({ code, output: code === 0 ? '' : second.output() }).toEqual({ code: 0, output: '' });
    expect(await rows(table)).toEqual(await rows(reference));
  }, 180_000);
});
