import { jdbcSink, jdbcSource, type JdbcCommittable } from '@weir/connector-jdbc';
import { SourceTestDriver, type TwoPhaseCommittingSink } from '@weir/connector-sdk';
import { openTestDatabase, uniqueName, type TestDatabase } from '../../support/databases';

/**
 * Failures in the middle of a write, made real: the server ends the connection of the sink's
 * session (as it would on a crash of either side) while its transaction is open.
 */
describe('jdbcSink on PostgreSQL across a dropped connection', () => {
  let db: TestDatabase;
  let table: string;
  let progressTable: string;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
  });

  beforeEach(async () => {
    table = uniqueName('weir_crash');
    progressTable = uniqueName('weir_progress');
    await db.query(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, v TEXT)`);
    // Each INSERT statement takes 0.3 s, so a test can catch the transaction while it is open.
    await db.query(
      `CREATE FUNCTION ${table}_slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$`,
    );
    await db.query(
      `CREATE TRIGGER ${table}_slow AFTER INSERT ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_slow()`,
    );
  });

  afterEach(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.query(`DROP FUNCTION IF EXISTS ${table}_slow()`);
    await db.query(`DROP TABLE IF EXISTS ${progressTable}`);
  });

  afterAll(() => db.close());

  /** Waits until the session named `application` runs an INSERT into the table, then ends its connection. */
  async function killWhileInserting(application: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [session] = await db.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'INSERT INTO "${table}"%' AND state = 'active'`,
        [application],
      );
      if (session !== undefined) {
        const visible = await db.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`);
        // The transaction is open and has written: nothing of it is visible.
        expect(Number(visible[0].n)).toBe(0);
        await db.query('SELECT pg_terminate_backend($1)', [session.pid]);
        return;
      }
      if (Date.now() > deadline) throw new Error(`no INSERT from '${application}' within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('exactly-once: a transaction cut short leaves no row, and the replayed commit writes each row once', async () => {
    const application = uniqueName('weir_eo');
    const sink = jdbcSink<{ id: number; v: string }>({
      url: `${db.url}?application_name=${application}`,
      table,
      deliveryGuarantee: 'exactly-once',
      progressTable,
      batchSize: 100,
      retryBackoffMs: 50,
    }) as TwoPhaseCommittingSink<{ id: number; v: string }, JdbcCommittable<{ id: number; v: string }>>;
    const writer = sink.createWriter({ subtaskIndex: 3, parallelism: 4, taskName: 'sink', sendToClient() {} });
    for (let id = 0; id < 250; id++) writer.write({ id, v: `v${id}` }, undefined);
    const committables = await writer.prepareCommit(42);
    const ctx = { jobId: uniqueName('job'), operatorUid: 'uid', subtaskIndex: 3, parallelism: 4, taskName: 'sink' };
    const committer = sink.createCommitter(ctx);

    // The first attempt's connection dies mid-transaction; the session retries the whole transaction.
    const commit = committer.commit(committables);
    await killWhileInserting(application);
    await commit;
    const [after] = await db.query<{ n: string; ids: string }>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM ${table}`,
    );
    expect([Number(after.n), Number(after.ids)]).toEqual([250, 250]);

    // A replay after a restore (a new committer, the same checkpoint): nothing more.
    const replay = sink.createCommitter(ctx);
    await replay.commit(committables);
    expect(Number((await db.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)).toBe(250);
    const progress = await db.query(`SELECT subtask, checkpoint_id FROM ${progressTable} WHERE job_id = $1`, [
      ctx.jobId,
    ]);
    expect(progress).toEqual([{ subtask: 3, checkpoint_id: '42' }]);
    await committer.close();
    await replay.close();
  });

  it('at-least-once: a batch whose connection was dropped is written again on a new one', async () => {
    const application = uniqueName('weir_alo');
    const sink = jdbcSink<{ id: number; v: string }>({
      url: `${db.url}?application_name=${application}`,
      table,
      batchSize: 100,
      retryBackoffMs: 50,
    });
    const writer = sink.createWriter({ subtaskIndex: 0, parallelism: 1, taskName: 'sink', sendToClient() {} });
    for (let id = 0; id < 100; id++) writer.write({ id, v: `v${id}` }, undefined);
    await killWhileInserting(application);
    await writer.flush(true);
    const [after] = await db.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`);
    expect(Number(after.n)).toBe(100);
    await writer.close();
  });

  it('source: a read whose connection was dropped goes on where it was, every row once and in order', async () => {
    const application = uniqueName('weir_src');
    await db.query(`INSERT INTO ${table} SELECT i, 'v' || i FROM generate_series(1, 5000) AS i`);
    const driver = new SourceTestDriver(
      jdbcSource({
        url: `${db.url}?application_name=${application}`,
        query: `SELECT id FROM ${table} ORDER BY id`,
        fetchSize: 100,
        retryBackoffMs: 20,
        map: (row) => Number(row.id),
      }),
      { parallelism: 1 },
    );
    const pollUntil = async (done: () => boolean) => {
      while (!done()) {
        driver.poll(0);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    await pollUntil(() => driver.outputs[0].length >= 1000);
    const [reader] = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
      application,
    ]);
    await db.query('SELECT pg_terminate_backend($1)', [reader.pid]);
    let ended = false;
    await pollUntil(() => ended || (ended = driver.poll(0) === 'end-of-input'));
    expect(driver.outputs[0]).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    // It read on over a new connection.
    const after = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
      application,
    ]);
    expect(after.map((session) => session.pid)).not.toContain(reader.pid);
    expect(after).toHaveLength(1);
    driver.close();
  });
});
