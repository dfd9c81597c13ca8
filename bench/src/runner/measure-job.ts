/*
 * One run of a benchmark job, in the process that runs it (a fresh child per run, see
 * child-process.ts): the job module's graph is built as the CLI would build it, run embedded on
 * worker threads, and measured: wall time, CPU time of all threads, what reached the BenchSinks
 * (records, latency percentiles, the sink threads' heap) and the process's peak RSS.
 */
import { executeLocally, loadJobBundle, type JobBundle } from '@weir/runtime';
import { asBenchSink } from '../harness/bench-sink';
import { LatencyHistogram } from '../harness/latency-histogram';
import { RssSampler } from './rss-sampler';

export interface JobMeasurement {
  readonly wallMs: number;
  /** User + system time of every thread of the process while the job ran. */
  readonly cpuMs: number;
  readonly sinkRecords: number;
  /** NaN when no record carried an ingestion time. */
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly peakRssBytes: number;
  readonly peakSinkHeapBytes: number;
}

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
  const rss = new RssSampler(50);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const client = await executeLocally(graph, { bundle });
  await client.result();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const peakRssBytes = rss.stop();

  const latencies = new LatencyHistogram();
  let sinkRecords = 0;
  let peakSinkHeapBytes = 0;
  for (const sink of sinks) {
    for (const report of sink.reports) {
      sinkRecords += report.records;
      latencies.addSparse(report.latencies);
      peakSinkHeapBytes = Math.max(peakSinkHeapBytes, report.peakHeapUsedBytes);
    }
  }
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    sinkRecords,
    latencyP50Ms: latencies.percentile(0.5),
    latencyP99Ms: latencies.percentile(0.99),
    peakRssBytes,
    peakSinkHeapBytes,
  };
}
