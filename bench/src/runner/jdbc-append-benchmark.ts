/*
 * Rows into PostgreSQL through the JDBC sink (append, batches of 1000) at parallelism 1 and 2: rows
 * per second from the first row generated to the job's end (every row inserted), each a median of
 * `runs` fresh-process runs after a warm-up, into a table created afresh for each run. A run counts
 * only if the table then holds exactly the rows the job generated.
 */
import { RuntimeFailure } from '@weir/common';
import { bundleJobFile } from '@weir/runtime';
import * as path from 'node:path';
import { Client } from 'pg';
import { runInChild } from './child-process';
import { PARALLELISMS } from './nexmark-benchmark';
import { measureThroughput, type ThroughputRow } from './throughput-runs';

export const JDBC_BENCH_URL = process.env.WEIR_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const TABLE = 'weir_bench_jdbc_append';

export type JdbcAppendRow = ThroughputRow;

export async function runJdbcAppend(options: {
  readonly rows: number;
  readonly runs: number;
  readonly log: (line: string) => void;
}): Promise<JdbcAppendRow[]> {
  const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', 'jdbc-append.js'));
  const db = new Client({ connectionString: JDBC_BENCH_URL });
  await db.connect();
  const rows: JdbcAppendRow[] = [];
  try {
    for (const parallelism of PARALLELISMS) {
      const run = async () => {
        await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
        await db.query(`CREATE TABLE ${TABLE} (id BIGINT, name TEXT, price DOUBLE PRECISION, ts BIGINT)`);
        const args = { url: JDBC_BENCH_URL, table: TABLE, rows: String(options.rows) };
        const measured = await runInChild({ kind: 'job', bundle, parallelism, args });
        const [{ n, ids }] = (await db.query(`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM ${TABLE}`)).rows;
        if (Number(n) !== options.rows || Number(ids) !== options.rows) {
          throw new RuntimeFailure(`jdbc append: the table holds ${n} rows (${ids} ids), not ${options.rows}`);
        }
        return measured;
      };
      rows.push(
        await measureThroughput({
          label: 'jdbc append',
          parallelism,
          records: options.rows,
          runs: options.runs,
          run,
          log: options.log,
        }),
      );
    }
  } finally {
    await db.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => {});
    await db.end();
  }
  return rows;
}
