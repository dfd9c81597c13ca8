/**
 * Back-pressure across processes (issue 3): a slow sink holds a fast source at the sink's rate
 * through the credits on NATS, half the records crossing between the two TaskManager processes, and
 * neither process's resident memory grows. `npm run test:soak` runs it for 60 s (WEIR_SOAK_SECONDS).
 */
import { bundleJobFile } from '@weir/runtime';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestCluster } from './cluster-processes';

const SECONDS = Number(process.env.WEIR_SOAK_SECONDS ?? 8);
const WARM_UP_SECONDS = 2;
const SLOW_SINK = path.join(__dirname, '..', 'runtime', 'fixtures', 'slow-sink.ts');

const cluster = new TestCluster(`back-pressure-${process.pid}`);
beforeAll(() => cluster.start(2, 1));
afterAll(() => cluster.stop());

function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

it(`holds a fast source at the rate of a slow sink across TaskManagers, with flat memory, for ${SECONDS} s`, async () => {
  const bundle = await bundleJobFile(SLOW_SINK);
  const { jobId } = await cluster.client.submit({ bundle, args: {} });
  await cluster.waitFor(async () => ((await cluster.client.job(jobId)).status === 'running' ? true : undefined));
  const pids = [...cluster.taskManagers.values()].map((tm) => tm.child.pid!);
  const samples: { inFlight: number; toSinks: number; rss: number[] }[] = [];
  try {
    for (let second = 1; second <= SECONDS; second++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const detail = await cluster.client.job(jobId);
      expect(detail.status).toBe('running');
      samples.push({
        inFlight: detail.recordsFromSources - detail.recordsToSinks,
        toSinks: detail.recordsToSinks,
        rss: pids.map(residentMegabytes),
      });
    }
  } finally {
    await cluster.client.cancel(jobId);
  }
  const measured = samples.slice(WARM_UP_SECONDS);
  // The sinks work (tens of thousands of records a second), and what is in flight stays within the
  // credits: 2 remote channels of 8 × 2048 records, 2 local ones of 4 × 512, plus batches filling.
  expect(measured.at(-1)!.toSinks - measured[0].toSinks).toBeGreaterThan(20_000 * (measured.length - 1));
  for (const { inFlight } of measured) expect(inFlight).toBeLessThan(60_000);
  // An unbounded source without back-pressure would grow by hundreds of megabytes a second.
  for (let tm = 0; tm < pids.length; tm++) {
    const rss = measured.map((s) => s.rss[tm]);
    expect(Math.max(...rss) - rss[0]).toBeLessThan(40);
  }
});
