/*
 * The memory soak, in its child process: an unbounded job whose sink is slower than its source, so
 * it runs under back-pressure the whole time; memory must level off (credit-based flow control keeps
 * every queue bounded, DESIGN.md §4) rather than grow with the time it runs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { executeLocally, loadJobBundle, type JobBundle } from '@weir/runtime';

export interface SoakSample {
  readonly atMs: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly recordsToSinks: number;
}

export interface SoakMeasurement {
  readonly samples: SoakSample[];
}

export async function measureSoak(task: {
  bundle: JobBundle;
  args: Record<string, string>;
  parallelism: number;
  durationMs: number;
  sampleEveryMs: number;
}): Promise<SoakMeasurement> {
  const graph = loadJobBundle(task.bundle).buildGraph({ args: task.args, parallelism: task.parallelism });
  const client = await executeLocally(graph, { bundle: task.bundle });
  const failed = client.result().then(
    () => new Error('the soak job ended by itself, but its source is unbounded'),
    (error: unknown) => error,
  );
  const start = performance.now();
  const samples: SoakSample[] = [];
  for (let at = 0; at <= task.durationMs; at += task.sampleEveryMs) {
    const wait = start + at - performance.now();
    const early = await Promise.race([sleep(Math.max(0, wait)).then(() => undefined), failed]);
    if (early !== undefined) throw early;
    samples.push({
      atMs: Math.round(performance.now() - start),
      rssBytes: process.memoryUsage.rss(),
      heapUsedBytes: process.memoryUsage().heapUsed,
      recordsToSinks: client.progress().recordsToSinks,
    });
  }
  await client.cancel();
  return { samples };
}
