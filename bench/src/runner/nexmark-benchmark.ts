/*
 * The Nexmark benchmark: each query's job module (bench/dist/jobs/qN.js) bundled as `weir run` would
 * bundle it, then run at parallelism 1 and 2, each run in a fresh process: a short first run at each,
 * then `runs` measured runs at each, taken in turn (alternating-runs.ts), of which the medians are
 * reported. As Flink's Nexmark does, a run at parallelism p splits the generator into p generators on
 * parallel timelines (generator-config.ts), so it makes the events Flink's makes at p.
 *
 * A measured run first warms up on `warmupEvents` events of its own stream, as Flink's Nexmark warms
 * its cluster up with the query before it measures: a fresh process compiles its hot code as it goes,
 * and at p=2 each worker thread compiles it for itself on a core the other worker keeps busy, where
 * p=1's compiles run on the idle core (architecture.md §4). Throughput then counts the `events` after
 * the warm-up, from the first of them to the last result; "per core" divides by the CPU time every
 * thread used in that time, as Flink's Nexmark reports cores.
 */
import * as path from 'node:path';
import { bundleJobFile } from '@weir/runtime';
import { alternatingRuns } from './alternating-runs';
import { runInChild } from './child-process';
import type { JobMeasurement } from './measure-job';
import { median } from './median';

export const PARALLELISMS = [1, 2] as const;
/** The first run at each parallelism, unmeasured: it brings Node, its modules and the bundle into the OS's cache. */
const FIRST_RUN_EVENTS = 100_000;
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
  /** Events measured in a run, after its warm-up. */
  readonly events: number;
  /** Events a run makes first, unmeasured. */
  readonly warmupEvents: number;
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
    const args = (events: number, warmup: number, parallelism: number): Record<string, string> => ({
      events: String(events),
      warmup: String(warmup),
      seed: String(options.seed),
      rate: String(options.eventsPerSecond),
      generators: String(parallelism),
      ...(options.checkpointIntervalMs > 0 ? { 'checkpoint-interval': String(options.checkpointIntervalMs) } : {}),
    });
    const run = (parallelism: number, events: number, warmup: number) =>
      runInChild({ kind: 'job', bundle, parallelism, args: args(events, warmup, parallelism) });
    const measuredRuns = await alternatingRuns(
      PARALLELISMS,
      options.runs,
      (parallelism) => {
        options.log(`${query} p=${parallelism}: first run`);
        return run(parallelism, Math.min(options.events, FIRST_RUN_EVENTS), 0);
      },
      async (parallelism, i) => {
        const m = await run(parallelism, options.events, options.warmupEvents);
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
