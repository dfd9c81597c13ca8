/*
 * The cluster benchmark (`--only cluster`): a local cluster of a JobManager and two TaskManagers of
 * one slot each (`weir cluster up`, on this machine's NATS and Redis), and on it
 * - Nexmark q0 with a forced shuffle, q5 and q7 at parallelism 2, one subtask of each vertex per
 *   TaskManager, beside the same jobs embedded at parallelism 2 (each in a fresh process, as the
 *   Nexmark benchmark runs them): events/s from the job's start (all subtasks deployed) to its last
 *   result;
 * - the time from a job's submission to its first record out, on the warm cluster.
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

export interface ClusterReport {
  readonly rows: ClusterRow[];
  /** Median time from submission to the first record at the client, on the warm cluster. */
  readonly firstRecordMs: number;
}

export interface ClusterOptions {
  readonly events: number;
  readonly runs: number;
  readonly log: (line: string) => void;
}

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
      const args = (events: number) => ({ events: String(events), seed: '0' });
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
    return { rows, firstRecordMs: median(firstRecord) };
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
