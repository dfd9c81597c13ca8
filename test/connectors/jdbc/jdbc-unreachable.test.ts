/**
 * A database that cannot be reached (issue 5, "Proof", bad input), in a job: the source's fetch and
 * the sink's write retry with back-off (retryBackoffMs, doubling) and the job fails after maxRetries
 * retries, not before, naming the database and the limit.
 */
import { JobExecutionError, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { jdbcSink, jdbcSource } from '@weir/connector-jdbc';
import { causeChain, timedFailure } from '../../support/failures';

const BACKOFF_MS = 200;
/** Two retries wait 200 ms, then 400 ms. */
const TWO_RETRIES_MS = BACKOFF_MS + 2 * BACKOFF_MS;

describe.each([
  ['postgres', 'postgres://postgres@127.0.0.1:1/test'],
  ['mariadb', 'mariadb://root@127.0.0.1:1/test'],
])('a %s database nobody listens for', (_, url) => {
  const readFrom = (maxRetries: number) => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        jdbcSource({ url, query: 'SELECT id FROM clicks', maxRetries, retryBackoffMs: BACKOFF_MS }),
        WatermarkStrategy.noWatermarks(),
        'clicks',
      )
      .print();
    return timedFailure(async () => (await env.execute('unreachable')).result());
  };

  const writeTo = (maxRetries: number) => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromElements({ id: 1 }, { id: 2 })
      .sinkTo(jdbcSink({ url, table: 'clicks', maxRetries, retryBackoffMs: BACKOFF_MS }));
    return timedFailure(async () => (await env.execute('unreachable')).result());
  };

  it.each([
    ['source', 'jdbcSource', readFrom],
    ['sink', 'jdbcSink', writeTo],
  ])('fails the job of a %s after its retries with back-off, not before', async (__, where, run) => {
    const none = await run(0);
    expect(none.error).toBeInstanceOf(JobExecutionError);
    expect(none.ms).toBeLessThan(BACKOFF_MS);

    const two = await run(2);
    expect(two.error).toBeInstanceOf(JobExecutionError);
    expect(two.ms).toBeGreaterThanOrEqual(TWO_RETRIES_MS);
    const chain = causeChain(two.error);
    expect(chain).toContain(`${where}: `);
    expect(chain).toMatch(/127\.0\.0\.1:1\/test/);
    expect(chain).toMatch(/ECONNREFUSED/);
    expect(chain).toMatch(/2 retries \('maxRetries'\)/);
  });
});
