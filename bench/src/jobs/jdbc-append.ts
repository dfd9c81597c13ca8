/*
 * Generated rows → JDBC sink in append mode, batches of 1000 (`--url` a database, `--table` an
 * existing table of (id BIGINT, name TEXT, price DOUBLE PRECISION, ts BIGINT), `--rows` how many):
 * every row inserted once, nothing else, so the figure is what the JDBC sink costs.
 */
import { defineJob } from '@weir/api';
import { jdbcSink } from '@weir/connector-jdbc';
import { announceSourceStart } from '../harness/source-start';
import { integerArg, stringArg } from './job-args';

export interface BenchRow {
  id: number;
  name: string;
  price: number;
  ts: number;
}

export default defineJob({ name: 'jdbc-append' }, (env, args) => {
  let started = false;
  env
    .fromSequence(1, integerArg(args, 'rows', 1_000_000, 1))
    .map((id): BenchRow => {
      if (!started) {
        started = true;
        announceSourceStart();
      }
      return { id, name: `item-${id % 1000}`, price: id / 4, ts: 1_700_000_000_000 + id };
    })
    .name('rows')
    .sinkTo(jdbcSink({ url: stringArg(args, 'url'), table: stringArg(args, 'table'), batchSize: 1000 }))
    .name('table');
});
