import { StreamExecutionEnvironment, JobExecutionError, ConfigError } from '@weir/api';
import { jdbcSink, type JdbcCommittable } from '@weir/connector-jdbc';
import type { SinkWriterContext, TwoPhaseCommittingSink } from '@weir/connector-sdk';
import { openTestDatabase, uniqueName, type TestDatabase } from '../../support/databases';

const writerContext: SinkWriterContext = { subtaskIndex: 0, parallelism: 1, taskName: 'test sink', sendToClient() {} };

interface Click {
  page: string;
  window_end: number;
  clicks: number;
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

/** The messages of an error and its causes: the job's, the operator's, the connector's, the driver's. */
function causeChain(error: Error): string {
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
  return messages.join('\n');
}

describe.each(['postgres', 'mariadb'] as const)('jdbcSink on %s', (kind) => {
  let db: TestDatabase;
  const tables: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });

  afterAll(async () => {
    for (const table of tables) await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.close();
  });

  async function createTable(prefix: string, columns: string): Promise<string> {
    const table = uniqueName(prefix);
    tables.push(table);
    await db.query(`CREATE TABLE ${table} (${columns})`);
    return table;
  }

  it('appends every record of a job, in batches, at parallelism 2', async () => {
    const table = await createTable('weir_append', 'id INTEGER NOT NULL, name VARCHAR(40), score DOUBLE PRECISION');
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env
      .fromSequence(1, 12_345)
      .map((id) => ({ id, name: `user-${id}`, score: id / 4 }))
      .sinkTo(jdbcSink({ url: db.url, table, batchSize: 500 }));
    await (await env.execute('jdbc append')).result();

    const [summary] = await db.query<{ n: unknown; distinct_ids: unknown; total: unknown }>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS distinct_ids, SUM(score) AS total FROM ${table}`,
    );
    expect(Number(summary.n)).toBe(12_345);
    expect(Number(summary.distinct_ids)).toBe(12_345);
    expect(Number(summary.total)).toBeCloseTo((12_345 * 12_346) / 2 / 4, 6);
    const [row] = await db.query<{ name: string }>(`SELECT name FROM ${table} WHERE id = 777`);
    expect(row.name).toBe('user-777');
  });

  it('upserts on the key with the dialect’s own syntax: the last value per key wins, across batches and jobs', async () => {
    const table = await createTable(
      'weir_upsert',
      'page VARCHAR(20) NOT NULL, window_end BIGINT NOT NULL, clicks INTEGER, PRIMARY KEY (page, window_end)',
    );
    const sink = () =>
      jdbcSink<Click>({ url: db.url, table, mode: 'upsert', key: ['page', 'window_end'], batchSize: 7 });
    // 100 records over 10 keys: several per batch for the same key, and updates across batches.
    const first = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    first
      .fromSequence(0, 99)
      .map((i): Click => ({ page: `p${i % 5}`, window_end: 1000 * (i % 2), clicks: i }))
      .sinkTo(sink());
    await (await first.execute('upsert 1')).result();
    const lastPerKey = new Map<string, number>();
    for (let i = 0; i < 100; i++) lastPerKey.set(`p${i % 5}/${1000 * (i % 2)}`, i);
    const afterFirst = await db.query<Click>(`SELECT page, window_end, clicks FROM ${table}`);
    expect(new Map(afterFirst.map((r) => [`${r.page}/${Number(r.window_end)}`, r.clicks]))).toEqual(lastPerKey);
    expect(lastPerKey.size).toBe(10);

    const second = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    second
      .fromElements<Click>({ page: 'p1', window_end: 1000, clicks: -1 }, { page: 'p9', window_end: 0, clicks: 9 })
      .sinkTo(sink());
    await (await second.execute('upsert 2')).result();
    const rows = await db.query<Click>(`SELECT page, window_end, clicks FROM ${table} ORDER BY page, window_end`);
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r.page === 'p1' && Number(r.window_end) === 1000)!.clicks).toBe(-1);
    expect(rows.find((r) => r.page === 'p9')!.clicks).toBe(9);
  });

  it('writes NULLs, missing fields, timestamps and JSON as their columns expect', async () => {
    const json = kind === 'postgres' ? 'JSONB' : 'JSON';
    const timestamp = kind === 'postgres' ? 'TIMESTAMP' : 'DATETIME(3)';
    const table = await createTable('weir_types', `id INTEGER, at ${timestamp}, doc ${json}, note VARCHAR(20)`);
    const at = new Date(Date.UTC(2024, 1, 29, 12, 30, 45, 123));
    const writer = jdbcSink({ url: db.url, table, columns: ['id', 'at', 'doc', 'note'] }).createWriter(writerContext);
    writer.write({ id: 1, at, doc: { tags: ['a', 'b'], n: 1 }, note: `it's "quoted"` }, undefined);
    writer.write({ id: 2, at: null, doc: null }, undefined);
    await writer.flush(true);
    await writer.close();
    const rows = await db.query<{ id: number; at: Date | null; doc: unknown; note: string | null }>(
      `SELECT id, at, doc, note FROM ${table} ORDER BY id`,
    );
    expect(rows[0].at?.getTime()).toBe(at.getTime());
    expect(typeof rows[0].doc === 'string' ? JSON.parse(rows[0].doc) : rows[0].doc).toEqual({ tags: ['a', 'b'], n: 1 });
    expect(rows[0].note).toBe(`it's "quoted"`);
    expect(rows[1]).toEqual({ id: 2, at: null, doc: null, note: null });
  });

  if (kind === 'postgres') {
    it('writes array columns row by row: the columnar INSERT would flatten them', async () => {
      const table = await createTable('weir_arrays', 'id INTEGER, tags TEXT[]');
      const writer = jdbcSink({ url: db.url, table }).createWriter(writerContext);
      writer.write({ id: 1, tags: ['x', 'y, z'] }, undefined);
      writer.write({ id: 2, tags: [] }, undefined);
      await writer.flush(true);
      await writer.close();
      expect(await db.query(`SELECT id, tags FROM ${table} ORDER BY id`)).toEqual([
        { id: 1, tags: ['x', 'y, z'] },
        { id: 2, tags: [] },
      ]);
    });
  }

  it('exactly-once: a committed checkpoint replayed is a no-op, and a new one adds its rows', async () => {
    const table = await createTable('weir_eo', 'id INTEGER PRIMARY KEY, v VARCHAR(20)');
    const progressTable = uniqueName('weir_progress');
    tables.push(progressTable);
    const sink = jdbcSink<{ id: number; v: string }>({
      url: db.url,
      table,
      deliveryGuarantee: 'exactly-once',
      progressTable,
    }) as TwoPhaseCommittingSink<{ id: number; v: string }, JdbcCommittable<{ id: number; v: string }>>;
    expect(sink.twoPhaseCommit).toBe(true);
    const writer = sink.createWriter(writerContext);
    for (let id = 0; id < 2500; id++) writer.write({ id, v: `a${id}` }, undefined);
    await writer.flush(false);
    // Nothing is written before the checkpoint completes.
    expect(Number((await db.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)).toBe(0);
    const checkpoint7 = await writer.prepareCommit(7);
    for (let id = 2500; id < 2600; id++) writer.write({ id, v: `b${id}` }, undefined);
    const checkpoint8 = await writer.prepareCommit(8);
    expect(await writer.prepareCommit(9)).toEqual([]);

    const ctx = {
      jobId: uniqueName('job'),
      operatorUid: 'sink-uid',
      subtaskIndex: 0,
      parallelism: 1,
      taskName: 'sink',
    };
    const committer = sink.createCommitter(ctx);
    await committer.commit(checkpoint7);
    await committer.commit(checkpoint7);
    // A committer after a restart, replaying what the checkpoint held.
    const restarted = sink.createCommitter(ctx);
    await restarted.commit([...checkpoint7, ...checkpoint8]);
    await restarted.commit(checkpoint8);
    const [count] = await db.query<{ n: unknown; b: unknown }>(
      `SELECT COUNT(*) AS n, SUM(CASE WHEN v LIKE 'b%' THEN 1 ELSE 0 END) AS b FROM ${table}`,
    );
    expect(Number(count.n)).toBe(2600);
    expect(Number(count.b)).toBe(100);
    const progress = await db.query<{ checkpoint_id: unknown }>(
      `SELECT checkpoint_id FROM ${progressTable} WHERE job_id = '${ctx.jobId}' ORDER BY checkpoint_id`,
    );
    expect(progress.map((p) => Number(p.checkpoint_id))).toEqual([7, 8]);
    // A fresh run's writer starts its checkpoints at 1 again: its checkpoint 7 is new rows, not a replay.
    const fresh = sink.createWriter(writerContext);
    fresh.write({ id: 5000, v: 'fresh' }, undefined);
    await restarted.commit(await fresh.prepareCommit(7));
    expect(Number((await db.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)).toBe(2601);
    await committer.close();
    await restarted.close();
    await writer.close();
  });

  it('exactly-once: the subtasks’ committers create the progress table at once, and all commit', async () => {
    const table = await createTable('weir_eo_race', 'id INTEGER PRIMARY KEY');
    const parallelism = 8;
    // Each round a new progress table, which every committer's first commit creates at the same moment.
    for (let round = 0; round < 3; round++) {
      const progressTable = uniqueName('weir_progress');
      tables.push(progressTable);
      const sink = jdbcSink<{ id: number }>({
        url: db.url,
        table,
        deliveryGuarantee: 'exactly-once',
        progressTable,
      }) as TwoPhaseCommittingSink<{ id: number }, JdbcCommittable<{ id: number }>>;
      const jobId = uniqueName('job');
      const subtasks = await Promise.all(
        Array.from({ length: parallelism }, async (_, subtaskIndex) => {
          const writer = sink.createWriter({ ...writerContext, subtaskIndex, parallelism });
          writer.write({ id: round * parallelism + subtaskIndex }, undefined);
          const committables = await writer.prepareCommit(1);
          const committer = sink.createCommitter({
            jobId,
            operatorUid: 'uid',
            subtaskIndex,
            parallelism,
            taskName: 'sink',
          });
          return { writer, committer, committables };
        }),
      );
      await Promise.all(subtasks.map(({ committer, committables }) => committer.commit(committables)));
      for (const { writer, committer } of subtasks) await Promise.all([writer.close(), committer.close()]);
    }
    expect(Number((await db.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)).toBe(3 * parallelism);
  });

  it('fails on a constraint violation at once, naming the table, without retrying', async () => {
    const table = await createTable('weir_dup', 'id INTEGER PRIMARY KEY');
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromElements({ id: 1 }, { id: 2 }, { id: 1 })
      .sinkTo(jdbcSink({ url: db.url, table, maxRetries: 5, retryBackoffMs: 2000 }));
    const started = Date.now();
    const error = await failureOf((await env.execute('duplicate key')).result());
    expect(error).toBeInstanceOf(JobExecutionError);
    expect(causeChain(error)).toMatch(new RegExp(`jdbcSink: writing to table '${table}' failed: .*[Dd]uplicate`));
    // No retry waited its 2 s back-off.
    expect(Date.now() - started).toBeLessThan(1900);
  });

  it('names a table that does not exist, and a column the table does not have', async () => {
    const missing = uniqueName('weir_missing');
    const writer = jdbcSink({ url: db.url, table: missing }).createWriter(writerContext);
    writer.write({ id: 1 }, undefined);
    const error = await failureOf(Promise.resolve(writer.flush(true)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`jdbcSink: 'table' names '${missing}', which does not exist: create it first.`);
    await writer.close();

    const table = await createTable('weir_cols', 'id INTEGER, name VARCHAR(10)');
    const badColumn = jdbcSink({ url: db.url, table }).createWriter(writerContext);
    badColumn.write({ id: 1, nmae: 'typo' }, undefined);
    const columnError = await failureOf(Promise.resolve(badColumn.flush(true)));
    expect(columnError).toBeInstanceOf(ConfigError);
    expect(columnError.message).toMatch(
      new RegExp(`table '${table}' has no column 'nmae' \\(its columns: id, name\\)`),
    );
    await badColumn.close();
  });

  it('fails at once, naming the database, when it refuses the connection', async () => {
    const url =
      kind === 'postgres'
        ? db.url.replace(/\/test$/, `/${uniqueName('nodb')}`)
        : db.url.replace('root@', 'root:wrong@');
    const writer = jdbcSink({ url, table: 't', retryBackoffMs: 2000 }).createWriter(writerContext);
    writer.write({ id: 1 }, undefined);
    const started = Date.now();
    const error = await failureOf(Promise.resolve(writer.flush(true)));
    expect(Date.now() - started).toBeLessThan(1900);
    expect(error.message).toMatch(
      kind === 'postgres'
        ? /^jdbcSink: cannot connect to postgres:\/\/postgres@127\.0\.0\.1:5432\/nodb_\w+: database "nodb_\w+" does not exist/
        : /^jdbcSink: cannot connect to mariadb:\/\/root:\*\*\*@127\.0\.0\.1:3306\/test: Access denied for user 'root'/,
    );
    await writer.close();
  });

  it('retries an unreachable database with back-off, then fails naming the retries', async () => {
    const url = db.url.replace(/:(5432|3306)\//, ':1/');
    const writer = jdbcSink({ url, table: 't', maxRetries: 2, retryBackoffMs: 100 }).createWriter(writerContext);
    writer.write({ id: 1 }, undefined);
    const started = Date.now();
    const error = await failureOf(Promise.resolve(writer.flush(true)));
    // Back-off of 100 ms, then 200 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(error.message).toMatch(/jdbcSink: .*:1\/test failed 3 times in a row, the last time with: .*ECONNREFUSED/);
    expect(error.message).toMatch(/Giving up after 2 retries \('maxRetries'\)/);
    await writer.close();
  });
});
