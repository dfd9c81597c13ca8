/*
 * The Nexmark benchmark: each query's job module (bench/dist/jobs/qN.js) bundled as `weir run` would
 * bundle it, then run at parallelism 1 and 2, each run in a fresh process: a warm-up at each, then
 * `runs` measured runs at each, taken in turn (alternating-runs.ts), of which the medians are
 * reported. As Flink's Nexmark does, a run at parallelism p splits the generator into p generators on
 * parallel timelines (generator-config.ts), so it makes the events Flink's makes at p. Throughput counts from the
 * source's first record to the last result, leaving out the start-up of worker threads; "per core"
 * divides by the CPU time every thread used in that time, as Flink's Nexmark reports cores.
 */
import * as path from 'node:path';
import { bundleJobFile } from '@weir/runtime';
import { alternatingRuns } from './alternating-runs';
import { runInChild } from './child-process';
import type { JobMeasurement } from './measure-job';
import { median } from './median';

export const PARALLELISMS = [1, 2] as const;
const WARM_UP_EVENTS = 100_000;
const MB = 2 ** 20;

export interface NexmarkRow {
  readonly query: string;
  readonly parallelism: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly eventsPerSecondPerCore: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly peakRssMb: number;
  /** The largest heap of a sink's worker thread. */
  readonly peakSinkHeapMb: number;
  /** Median wall time of a whole run, start-up included. */
  readonly wallMs: number;
  /** Median time from the first source record to the last result. */
  readonly activeMs: number;
  /** Records that reached the sink in the last run. */
  readonly results: number;
}

export interface NexmarkOptions {
  readonly events: number;
  readonly runs: number;
  readonly seed: number;
  /** Events per second of event time in the generator. */
  readonly eventsPerSecond: number;
  /** 0: no checkpoints. */
  readonly checkpointIntervalMs: number;
  readonly log: (line: string) => void;
}

export async function runNexmark(queries: readonly string[], options: NexmarkOptions): Promise<NexmarkRow[]> {
  const rows: NexmarkRow[] = [];
  for (const query of queries) {
    const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', `${query}.js`));
    const args = (events: number, parallelism: number): Record<string, string> => ({
      events: String(events),
      seed: String(options.seed),
      rate: String(options.eventsPerSecond),
      generators: String(parallelism),
      ...(options.checkpointIntervalMs > 0 ? { 'checkpoint-interval': String(options.checkpointIntervalMs) } : {}),
    });
    const run = (parallelism: number, events: number) =>
      runInChild({ kind: 'job', bundle, parallelism, args: args(events, parallelism) });
    const measuredRuns = await alternatingRuns(
      PARALLELISMS,
      options.runs,
      (parallelism) => {
        options.log(`${query} p=${parallelism}: warm-up`);
        return run(parallelism, Math.min(options.events, WARM_UP_EVENTS));
      },
      async (parallelism, i) => {
        const m = await run(parallelism, options.events);
        options.log(`${query} p=${parallelism}: run ${i + 1}/${options.runs} ${(m.wallMs / 1000).toFixed(2)} s`);
        return m;
      },
    );
    for (const [i, parallelism] of PARALLELISMS.entries()) {
      const measured = measuredRuns[i];
      const medianOf = (field: (m: JobMeasurement) => number) => median(measured.map(field));
      rows.push({
        query,
        parallelism,
        events: options.events,
        eventsPerSecond: medianOf((m) => options.events / (m.activeMs / 1000)),
        eventsPerSecondPerCore: medianOf((m) => options.events / (m.activeCpuMs / 1000)),
        latencyP50Ms: medianOf((m) => m.latencyP50Ms),
        latencyP99Ms: medianOf((m) => m.latencyP99Ms),
        peakRssMb: medianOf((m) => m.peakRssBytes) / MB,
        peakSinkHeapMb: medianOf((m) => m.peakSinkHeapBytes) / MB,
        wallMs: medianOf((m) => m.wallMs),
        activeMs: medianOf((m) => m.activeMs),
        results: measured[measured.length - 1].sinkRecords,
      });
    }
  }
  return rows;
}
