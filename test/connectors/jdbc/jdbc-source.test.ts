import { JobExecutionError, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { jdbcSink, jdbcSource, type JdbcSplit } from '@weir/connector-jdbc';
import { SourceTestDriver, type Source } from '@weir/connector-sdk';
import { openTestDatabase, uniqueName, type TestDatabase } from '../../support/databases';

const ROWS = 10_000;

/** Polls every reader until all have ended, waiting for their fetches between rounds. */
async function readAll<T>(driver: SourceTestDriver<T, JdbcSplit, JdbcSplit[]>, stopAfter = Infinity): Promise<T[][]> {
  const ended = driver.readers.map(() => false);
  while (!ended.every(Boolean)) {
    for (let subtask = 0; subtask < ended.length; subtask++) {
      if (ended[subtask]) continue;
      if (driver.poll(subtask) === 'end-of-input') ended[subtask] = true;
      if (driver.outputs.flat().length >= stopAfter) return driver.outputs;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return driver.outputs;
}

describe.each(['postgres', 'mariadb'] as const)('jdbcSource on %s', (kind) => {
  let db: TestDatabase;
  let table: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    table = uniqueName('weir_src');
    await db.query(`CREATE TABLE ${table} (id INTEGER, name VARCHAR(40), amount DOUBLE PRECISION)`);
    // 10,000 rows with ids 1..10,000, and 5 with a NULL id (the first range reads them).
    const values: string[] = [];
    for (let id = 1; id <= ROWS; id++) values.push(`(${id}, 'name-${id}', ${id / 2})`);
    for (let i = 0; i < 5; i++) values.push(`(NULL, 'nameless-${i}', 0)`);
    await db.query(`INSERT INTO ${table} (id, name, amount) VALUES ${values.join(', ')}`);
  });

  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.close();
  });

  it('reads every row exactly once at parallelism 2, split by the partition column, into typed records', async () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    const rows = await env
      .fromSource(
        jdbcSource({
          url: db.url,
          query: `SELECT id, name, amount FROM ${table};`,
          partitionColumn: 'id',
          // Narrower than the data: rows below and above are read by the open first and last ranges.
          lowerBound: 2000,
          upperBound: 8000,
          numPartitions: 6,
          fetchSize: 300,
          map: (row) => ({
            id: row.id === null ? null : Number(row.id),
            name: String(row.name),
            amount: Number(row.amount),
          }),
        }),
        WatermarkStrategy.noWatermarks(),
        'rows',
      )
      .executeAndCollect();
    expect(rows).toHaveLength(ROWS + 5);
    const ids = rows.filter((r) => r.id !== null).map((r) => r.id!);
    expect(new Set(ids).size).toBe(ROWS);
    expect(Math.min(...ids)).toBe(1);
    expect(Math.max(...ids)).toBe(ROWS);
    expect(
      rows
        .filter((r) => r.id === null)
        .map((r) => r.name)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4].map((i) => `nameless-${i}`));
    expect(rows.find((r) => r.id === 4321)).toEqual({ id: 4321, name: 'name-4321', amount: 2160.5 });
  });

  it('hands the ranges to both readers, and resumes a range mid-way from a snapshot without loss or repeat', async () => {
    const source: Source<number, JdbcSplit, JdbcSplit[]> = jdbcSource({
      url: db.url,
      query: `SELECT id FROM ${table} WHERE id IS NOT NULL ORDER BY id`,
      partitionColumn: 'id',
      lowerBound: 1,
      upperBound: ROWS,
      numPartitions: 4,
      fetchSize: 250,
      map: (row) => Number(row.id),
    });
    const first = new SourceTestDriver(source, { parallelism: 2 });
    await readAll(first, 3000);
    const before = first.outputs.flat();
    const readerSplits = first.readers.map((reader) => reader.snapshotState(1));
    const enumeratorCheckpoint = first.enumerator.snapshotState(1);
    expect(new Set(first.assignments.map((a) => a.subtask))).toEqual(new Set([0, 1]));
    // Some range is part-read: its offset counts the rows emitted from it.
    expect(readerSplits.flat().some((split) => split.offset > 0)).toBe(true);
    first.close();

    const restored = new SourceTestDriver(source, { parallelism: 2, readerSplits, enumeratorCheckpoint });
    const after = (await readAll(restored)).flat();
    restored.close();
    const all = [...before, ...after].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
  });

  it('copies a table into another through a job, reading and writing the same dialect', async () => {
    const target = uniqueName('weir_copy');
    await db.query(`CREATE TABLE ${target} (id INTEGER PRIMARY KEY, name VARCHAR(40))`);
    try {
      const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
      env
        .fromSource(
          jdbcSource({
            url: db.url,
            query: `SELECT id, name FROM ${table}`,
            partitionColumn: 'id',
            lowerBound: 1,
            upperBound: ROWS,
          }),
          WatermarkStrategy.noWatermarks(),
          'rows',
        )
        .filter((row) => row.id !== null && Number(row.id) % 2 === 0)
        .map((row) => ({ id: Number(row.id), name: String(row.name).toUpperCase() }))
        .sinkTo(jdbcSink({ url: db.url, table: target, mode: 'upsert', key: ['id'] }));
      await (await env.execute('copy')).result();
      const [summary] = await db.query<{ n: unknown; sum_id: unknown }>(
        `SELECT COUNT(*) AS n, SUM(id) AS sum_id FROM ${target}`,
      );
      expect(Number(summary.n)).toBe(ROWS / 2);
      expect(Number(summary.sum_id)).toBe((2 * ((ROWS / 2) * (ROWS / 2 + 1))) / 2);
      const [row] = await db.query<{ name: string }>(`SELECT name FROM ${target} WHERE id = 10`);
      expect(row.name).toBe('NAME-10');
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${target}`);
    }
  });

  it('fails the job with a message naming the query’s missing table', async () => {
    const missing = uniqueName('weir_nowhere');
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        jdbcSource({ url: db.url, query: `SELECT * FROM ${missing}` }),
        WatermarkStrategy.noWatermarks(),
        'rows',
      )
      .print();
    const error = await (await env.execute('missing')).result().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(JobExecutionError);
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    expect(messages.join('\n')).toMatch(
      new RegExp(`jdbcSource: reading all of the query from .* failed: .*${missing}`),
    );
  });
});
