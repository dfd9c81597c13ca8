/**
 * The measuring loop of a throughput benchmark at one parallelism: a warm-up run, then `runs`
 * measured ones (each `run` checks its own output), and their medians.
 */
import type { JobMeasurement } from './measure-job';
import { median } from './median';

export interface ThroughputRow {
  readonly parallelism: number;
  readonly records: number;
  readonly activeMs: number;
  readonly wallMs: number;
  /** Records per second of active time. */
  readonly perSecond: number;
  /** CPU time of the job's process (all its threads) in the active time; NaN if not measured. */
  readonly activeCpuMs: number;
  /** Records per second of that CPU time: steadier than `perSecond` on a shared machine. */
  readonly perCpuSecond: number;
}

export async function measureThroughput(options: {
  readonly label: string;
  readonly parallelism: number;
  readonly records: number;
  readonly runs: number;
  readonly run: () => Promise<JobMeasurement>;
  readonly log: (line: string) => void;
}): Promise<ThroughputRow> {
  const { label, parallelism, log } = options;
  log(`${label} p=${parallelism}: warm-up`);
  await options.run();
  const runs: JobMeasurement[] = [];
  for (let i = 0; i < options.runs; i++) {
    const m = await options.run();
    log(`${label} p=${parallelism}: run ${i + 1}/${options.runs} ${(m.activeMs / 1000).toFixed(2)} s`);
    runs.push(m);
  }
  const activeMs = median(runs.map((m) => m.activeMs));
  const activeCpuMs = median(runs.map((m) => m.activeCpuMs));
  return {
    parallelism,
    records: options.records,
    activeMs,
    wallMs: median(runs.map((m) => m.wallMs)),
    perSecond: options.records / (activeMs / 1000),
    activeCpuMs,
    perCpuSecond: options.records / (activeCpuMs / 1000),
  };
}
