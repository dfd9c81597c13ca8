/*
 * The Nexmark benchmark: each query's job module (bench/dist/jobs/qN.js) bundled as `weir run` would
 * bundle it, then run at parallelism 1 and 2, each run in a fresh process. Per configuration: a
 * warm-up, `runs` runs of one event (what starting and stopping a job costs: worker threads, loading
 * the bundle), and `runs` measured runs; throughput counts only the time beyond that fixed cost, and
 * "per core" divides by the CPU time all threads used beyond it, as Flink's Nexmark reports cores.
 */
import * as path from 'node:path';
import { bundleJobFile } from '@weir/runtime';
import { runInChild } from './child-process';
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
  /** Median wall time of a one-event run: the fixed cost subtracted above. */
  readonly startupMs: number;
  /** Records that reached the sink in the last run. */
  readonly results: number;
}

export interface NexmarkOptions {
  readonly events: number;
  readonly runs: number;
  readonly seed: number;
  readonly log: (line: string) => void;
}

export async function runNexmark(queries: readonly string[], options: NexmarkOptions): Promise<NexmarkRow[]> {
  const rows: NexmarkRow[] = [];
  for (const query of queries) {
    const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', `${query}.js`));
    for (const parallelism of PARALLELISMS) {
      const run = (events: number) =>
        runInChild({ kind: 'job', bundle, parallelism, args: { events: String(events), seed: String(options.seed) } });
      options.log(`${query} p=${parallelism}: warm-up`);
      await run(Math.min(options.events, WARM_UP_EVENTS));
      const baselines = [];
      for (let i = 0; i < options.runs; i++) baselines.push(await run(1));
      const startupMs = median(baselines.map((b) => b.wallMs));
      const startupCpuMs = median(baselines.map((b) => b.cpuMs));
      const measured = [];
      for (let i = 0; i < options.runs; i++) {
        const m = await run(options.events);
        options.log(`${query} p=${parallelism}: run ${i + 1}/${options.runs} ${(m.wallMs / 1000).toFixed(2)} s`);
        measured.push(m);
      }
      rows.push({
        query,
        parallelism,
        events: options.events,
        eventsPerSecond: median(measured.map((m) => options.events / (Math.max(1, m.wallMs - startupMs) / 1000))),
        eventsPerSecondPerCore: median(
          measured.map((m) => options.events / (Math.max(1, m.cpuMs - startupCpuMs) / 1000)),
        ),
        latencyP50Ms: median(measured.map((m) => m.latencyP50Ms)),
        latencyP99Ms: median(measured.map((m) => m.latencyP99Ms)),
        peakRssMb: median(measured.map((m) => m.peakRssBytes)) / MB,
        peakSinkHeapMb: median(measured.map((m) => m.peakSinkHeapBytes)) / MB,
        wallMs: median(measured.map((m) => m.wallMs)),
        startupMs,
        results: measured[measured.length - 1].sinkRecords,
      });
    }
  }
  return rows;
}
