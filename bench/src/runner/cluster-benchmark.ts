/*
 * The cluster benchmark (`--only cluster`): a local cluster of a JobManager and two TaskManagers of
 * one slot each (`weir cluster up`, on this machine's NATS and Redis), and on it
 * - Nexmark q0 with a forced shuffle, q5 and q7 at parallelism 2, one subtask of each vertex per
 *   TaskManager, beside the same jobs embedded at parallelism 2 (each in a fresh process, as the
 *   Nexmark benchmark runs them): events/s from the job's start (all subtasks deployed) to its last
 *   result;
 * - the time from a job's submission to its first record out, on the warm cluster;
 * - with --checkpoint-interval MS: q5 and q7 on the cluster with a checkpoint every MS ms against
 *   none, runs alternating, as events/s and as events per CPU-second of the cluster's processes
 *   (which a noisy machine disturbs less).
 */
import { JobManagerClient, playJobOutput } from '@weir/cluster';
import { RuntimeFailure } from '@weir/common';
import { bundleJobFile, loadJobBundle, type JobBundle } from '@weir/runtime';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { asBenchSink } from '../harness/bench-sink';
import { runInChild } from './child-process';
import { median } from './median';

export const CLUSTER_QUERIES = ['q0-shuffle', 'q5', 'q7'] as const;
const PORT = 18_981;
const WARM_UP_EVENTS = 100_000;
const FIRST_RECORD_RUNS = 5;

export interface ClusterRow {
  readonly query: string;
  readonly events: number;
  readonly embeddedEventsPerSecond: number;
  readonly clusterEventsPerSecond: number;
  /** Cluster over embedded, both at parallelism 2. */
  readonly ratio: number;
}

/** What checkpoints cost a query on the cluster: medians with and without them. */
export interface ClusterCheckpointRow {
  readonly query: string;
  readonly intervalMs: number;
  readonly eventsPerSecond: { readonly without: number; readonly with: number };
  readonly eventsPerCpuSecond: { readonly without: number; readonly with: number };
  /** The share of events per CPU-second that checkpoints cost (negative: within noise, none). */
  readonly cost: number;
}

export interface ClusterReport {
  readonly rows: ClusterRow[];
  /** Median time from submission to the first record at the client, on the warm cluster. */
  readonly firstRecordMs: number;
  readonly checkpointCost?: ClusterCheckpointRow[];
}

export interface ClusterOptions {
  readonly events: number;
  readonly runs: number;
  /** 0: no checkpoint-cost runs. */
  readonly checkpointIntervalMs: number;
  readonly log: (line: string) => void;
}

/** The queries whose checkpoint cost is measured (issue 4's target: under 10%). */
const CHECKPOINTED_QUERIES = ['q5', 'q7'] as const;

export async function runClusterBenchmark(options: ClusterOptions): Promise<ClusterReport> {
  const directory = mkdtempSync(path.join(tmpdir(), 'weir-bench-cluster-'));
  const weir = (...args: string[]) =>
    execFileSync(process.execPath, [cliMain(), ...args], { cwd: directory, stdio: 'inherit' });
  weir('cluster', 'up', '--taskmanagers', '2', '--slots', '1', '--port', String(PORT), '--cluster-id', 'bench');
  try {
    const client = new JobManagerClient(`http://127.0.0.1:${PORT}`);
    const rows: ClusterRow[] = [];
    for (const query of CLUSTER_QUERIES) {
      const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', `${query}.js`));
      // One generator per source subtask, as the Nexmark benchmark runs parallelism 2.
      const args = (events: number) => ({ events: String(events), seed: '0', generators: '2' });
      options.log(`cluster ${query}: warm-up`);
      await runInChild({ kind: 'job', bundle, parallelism: 2, args: args(WARM_UP_EVENTS) });
      await onCluster(client, bundle, args(WARM_UP_EVENTS), WARM_UP_EVENTS);
      const embedded: number[] = [];
      const cluster: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        const m = await runInChild({ kind: 'job', bundle, parallelism: 2, args: args(options.events) });
        embedded.push(options.events / (m.activeMs / 1000));
        cluster.push(await onCluster(client, bundle, args(options.events), options.events));
        options.log(`cluster ${query}: run ${i + 1}/${options.runs}`);
      }
      const row = {
        query,
        events: options.events,
        embeddedEventsPerSecond: median(embedded),
        clusterEventsPerSecond: median(cluster),
      };
      rows.push({ ...row, ratio: row.clusterEventsPerSecond / row.embeddedEventsPerSecond });
    }
    const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', 'first-record.js'));
    const firstRecord: number[] = [];
    for (let i = 0; i < FIRST_RECORD_RUNS; i++) firstRecord.push(await timeToFirstRecord(client, bundle));
    const checkpointCost =
      options.checkpointIntervalMs > 0 ? await measureCheckpointCost(client, directory, options) : undefined;
    return { rows, firstRecordMs: median(firstRecord), checkpointCost };
  } finally {
    weir('cluster', 'down');
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Runs the job at parallelism 2 on the cluster; events/s from the job's start to the sinks' last result. */
async function onCluster(
  client: JobManagerClient,
  bundle: JobBundle,
  args: Record<string, string>,
  events: number,
): Promise<number> {
  const graph = loadJobBundle(bundle).buildGraph({ args, parallelism: 2 });
  const { jobId } = await client.submit({ bundle, args, parallelism: 2, collectOutput: true });
  const { job } = await playJobOutput(client.output(jobId), graph, process.stdout);
  if (job.status !== 'finished' || job.startedAt === undefined) {
    throw new RuntimeFailure(`Job ${job.jobName} ${job.status} on the cluster: ${job.error ?? ''}`);
  }
  let finishedAt = 0;
  for (const node of graph.nodes.values()) {
    const sink = node.operator.kind === 'sink' ? asBenchSink(node.operator.sink) : undefined;
    for (const report of sink?.reports ?? []) finishedAt = Math.max(finishedAt, report.finishedAt);
  }
  return events / ((finishedAt - job.startedAt) / 1000);
}

/** Each query `runs` times without and with checkpoints, alternating, so that drifts of the machine fall on both. */
async function measureCheckpointCost(
  client: JobManagerClient,
  directory: string,
  options: ClusterOptions,
): Promise<ClusterCheckpointRow[]> {
  const pids = clusterPids(directory);
  const rows: ClusterCheckpointRow[] = [];
  for (const query of CHECKPOINTED_QUERIES) {
    const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', `${query}.js`));
    const runs = { without: [] as number[], with: [] as number[] };
    const perCpu = { without: [] as number[], with: [] as number[] };
    for (let i = 0; i < options.runs; i++) {
      for (const mode of ['without', 'with'] as const) {
        const args: Record<string, string> = { events: String(options.events), seed: '0' };
        if (mode === 'with') args['checkpoint-interval'] = String(options.checkpointIntervalMs);
        const cpuBefore = cpuSeconds(pids);
        runs[mode].push(await onCluster(client, bundle, args, options.events));
        perCpu[mode].push(options.events / (cpuSeconds(pids) - cpuBefore));
      }
      options.log(`cluster ${query} checkpoint cost: run ${i + 1}/${options.runs}`);
    }
    const eventsPerCpuSecond = { without: median(perCpu.without), with: median(perCpu.with) };
    rows.push({
      query,
      intervalMs: options.checkpointIntervalMs,
      eventsPerSecond: { without: median(runs.without), with: median(runs.with) },
      eventsPerCpuSecond,
      cost: 1 - eventsPerCpuSecond.with / eventsPerCpuSecond.without,
    });
  }
  return rows;
}

/** The pids of the local cluster's JobManager and TaskManagers, from `weir cluster up`'s state file. */
function clusterPids(directory: string): number[] {
  const state = JSON.parse(readFileSync(path.join(directory, '.weir', 'cluster.json'), 'utf8')) as {
    processes: { pid: number }[];
  };
  return state.processes.map((p) => p.pid);
}

/** CPU time (user and system, every thread) the processes have used so far, in seconds. */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    // /proc/<pid>/stat: fields 14 and 15 (utime, stime) after the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** Linux's USER_HZ, what /proc counts CPU time in. */
const CLOCK_TICKS_PER_SECOND = 100;

async function timeToFirstRecord(client: JobManagerClient, bundle: JobBundle): Promise<number> {
  const submittedAt = performance.now();
  const { jobId } = await client.submit({ bundle, args: {}, parallelism: 1, collectOutput: true });
  let firstAt = NaN;
  for await (const frame of client.output(jobId)) {
    if (frame.kind === 'values' && Number.isNaN(firstAt)) firstAt = performance.now();
  }
  return firstAt - submittedAt;
}

/** The `weir` executable this benchmark's installation has. */
function cliMain(): string {
  const manifestPath = require.resolve('@weir/cli/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  return path.join(path.dirname(manifestPath), manifest.bin.weir);
}
