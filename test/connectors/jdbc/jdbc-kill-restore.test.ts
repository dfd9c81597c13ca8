/**
 * A JDBC copy job's process killed with SIGKILL mid-way, then run again from its latest checkpoint:
 * the readers resume their ranges where the checkpoint left them. Exactly-once: the restored sinks
 * commit what the checkpoint held (a no-op where the killed run had committed it), and the target
 * table holds every row exactly once. At-least-once upserts: every row is there, once by its key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, uniqueName, type TestDatabase } from '../../support/databases';
import { completeCheckpoints, runJob, until } from '../../support/weir-run';

const JOB = join(__dirname, 'fixtures', 'slow-jdbc-copy-job.ts');
const ROWS = 20_000;

describe.each([
  ['postgres', 'exactly-once'],
  ['mariadb', 'exactly-once'],
  ['postgres', 'at-least-once'],
] as const)('on %s, %s', (kind, guarantee) => {
  let db: TestDatabase;
  let root: string;
  const source = uniqueName('weir_kill_src');
  const target = uniqueName('weir_kill_dst');
  const progress = uniqueName('weir_kill_progress');

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    root = mkdtempSync(join(tmpdir(), 'weir-jdbc-kill-'));
    await db.query(`CREATE TABLE ${source} (id INTEGER PRIMARY KEY, name VARCHAR(20))`);
    // 1..ROWS: PostgreSQL's generate_series, MariaDB's sequence engine.
    const numbers = kind === 'postgres' ? `generate_series(1, ${ROWS}) AS seq` : `seq_1_to_${ROWS}`;
    await db.query(`INSERT INTO ${source} SELECT seq, CONCAT('name-', seq) FROM ${numbers}`);
    // Exactly-once appends into a table without a key, where a row written twice would show.
    const key = guarantee === 'exactly-once' ? '' : ' PRIMARY KEY';
    await db.query(`CREATE TABLE ${target} (id INTEGER${key}, name VARCHAR(20))`);
  });

  afterAll(async () => {
    for (const table of [source, target, progress]) await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.close();
    rmSync(root, { recursive: true, force: true });
  });

  const count = async (sql: string) => Number((await db.query<{ n: unknown }>(sql))[0].n);

  it('a killed JDBC job restored from its checkpoint leaves every row in the table once', async () => {
    const storage = join(root, 'checkpoints');
    const args = ['--url', db.url, '--source', source, '--target', target, '--progress', progress];
    args.push('--rows', String(ROWS), '--checkpoints', storage, '--guarantee', guarantee);

    const first = runJob(JOB, 2, [...args, '--spin-micros', '150']);
    await until(
      async () =>
        completeCheckpoints(storage).length > 0 && (await count(`SELECT COUNT(*) AS n FROM ${target}`)) > 0
          ? true
          : undefined,
      'a complete checkpoint and committed rows',
      first,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const committedAtKill = await count(`SELECT COUNT(*) AS n FROM ${target}`);
    expect(committedAtKill).toBeGreaterThan(0);
    expect(committedAtKill).toBeLessThan(ROWS);

    const checkpoint = completeCheckpoints(storage).at(-1)!;
    const second = runJob(JOB, 2, [...args, '--spin-micros', '0', '--from-savepoint', checkpoint]);
    const { code } = await second.exited;
    expect({ code, output: code === 0 ? '' : second.output() }).toEqual({ code: 0, output: '' });

    expect(await count(`SELECT COUNT(*) AS n FROM ${target}`)).toBe(ROWS);
    expect(await count(`SELECT COUNT(DISTINCT id) AS n FROM ${target}`)).toBe(ROWS);
    expect(await count(`SELECT COUNT(*) AS n FROM ${target} WHERE name <> UPPER(CONCAT('name-', id))`)).toBe(0);
  }, 120_000);
});
