/*
 * One run of a benchmark job, in the process that runs it (a fresh child per run, see
 * child-process.ts): the job module's graph is built as the CLI would build it, run embedded on
 * worker threads, and measured: wall time; the active time from the source's first measured record
 * (when the job announces it, see source-start.ts) to the sinks' end of input, and the CPU time of all threads
 * in it (to the job's end when it has no BenchSink); what reached the BenchSinks (records, latency percentiles, the sink threads' heap); and the
 * process's peak RSS.
 */
import { executeLocally, loadJobBundle, type JobBundle } from '@weir/runtime';
import { asBenchSink } from '../harness/bench-sink';
import { LatencyHistogram } from '../harness/latency-histogram';
import { SourceStartListener } from '../harness/source-start';
import { wallClockMs } from '../harness/wall-clock';
import { RssSampler } from './rss-sampler';

export interface JobMeasurement {
  readonly wallMs: number;
  /** From the source's first record to the end of the sinks' input; NaN if the source did not announce it. */
  readonly activeMs: number;
  /** User + system time of every thread of the process in the active time (NaN likewise). */
  readonly activeCpuMs: number;
  readonly sinkRecords: number;
  /** NaN when no record carried an ingestion time. */
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly peakRssBytes: number;
  readonly peakSinkHeapBytes: number;
}

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

export async function measureJob(
  bundle: JobBundle,
  args: Readonly<Record<string, string>>,
  parallelism: number,
): Promise<JobMeasurement> {
  const graph = loadJobBundle(bundle).buildGraph({ args, parallelism });
  const sinks = [...graph.nodes.values()].flatMap((node) => {
    const sink = node.operator.kind === 'sink' ? asBenchSink(node.operator.sink) : undefined;
    return sink === undefined ? [] : [sink];
  });
  let cpuAtSourceStart: NodeJS.CpuUsage | undefined;
  const sourceStart = new SourceStartListener(() => (cpuAtSourceStart = process.cpuUsage()));
  const rss = new RssSampler(50);
  const start = performance.now();
  let endedAt = NaN;
  try {
    const client = await executeLocally(graph, { bundle });
    await client.result();
    endedAt = wallClockMs();
  } finally {
    sourceStart.close();
  }
  const wallMs = performance.now() - start;
  const activeCpuMs = cpuAtSourceStart === undefined ? NaN : cpuMs(process.cpuUsage(cpuAtSourceStart));
  const peakRssBytes = rss.stop();

  const latencies = new LatencyHistogram();
  let sinkRecords = 0;
  let peakSinkHeapBytes = 0;
  let finishedAt = NaN;
  for (const sink of sinks) {
    for (const report of sink.reports) {
      sinkRecords += report.records;
      latencies.addSparse(report.latencies);
      peakSinkHeapBytes = Math.max(peakSinkHeapBytes, report.peakHeapUsedBytes);
      if (!(report.finishedAt <= finishedAt)) finishedAt = report.finishedAt;
    }
  }
  // Without BenchSinks (a job writing files, say) the job's end, once its sinks have committed, ends it.
  if (sinks.length === 0) finishedAt = endedAt;
  return {
    wallMs,
    activeMs: finishedAt - sourceStart.startedAt,
    activeCpuMs,
    sinkRecords,
    latencyP50Ms: latencies.percentile(0.5),
    latencyP99Ms: latencies.percentile(0.99),
    peakRssBytes,
    peakSinkHeapBytes,
  };
}
