/** Runs a job file on a test cluster, as `weir run --jobmanager` does, and gives back what its sinks received. */
import { playJobOutput, type JobManagerClient, type JobOutcome } from '@weir/cluster';
import type { CollectSink } from '@weir/api';
import { isClientSink, type StreamGraph } from '@weir/core';
import { bundleJobFile, loadJobBundle } from '@weir/runtime';

export interface ClusterRun extends JobOutcome {
  jobId: string;
  graph: StreamGraph;
  /** What the job printed, as the client received it. */
  printed: string;
  /** From submission to the first output (printed or collected), in milliseconds. */
  firstOutputMs: number | undefined;
}

export async function runOnCluster(
  client: JobManagerClient,
  file: string,
  args: Record<string, string>,
  parallelism: number,
): Promise<ClusterRun> {
  const bundle = await bundleJobFile(file);
  const graph = loadJobBundle(bundle).buildGraph({ args, parallelism });
  const submittedAt = Date.now();
  const { jobId } = await client.submit({ bundle, args, parallelism, collectOutput: true });
  let printed = '';
  let firstOutputMs: number | undefined;
  const frames = client.output(jobId);
  const timed = (async function* () {
    for await (const frame of frames) {
      if (frame.kind === 'values' || frame.kind === 'stdout') firstOutputMs ??= Date.now() - submittedAt;
      yield frame;
    }
  })();
  const outcome = await playJobOutput(timed, graph, { write: (text: string) => (printed += text) });
  return { ...outcome, jobId, graph, printed, firstOutputMs };
}

/** What the job's collecting sink received on the client. */
export function collectedValues<T>(graph: StreamGraph): T[] {
  for (const node of graph.nodes.values()) {
    if (node.operator.kind === 'sink' && isClientSink(node.operator.sink)) {
      return (node.operator.sink as CollectSink<T>).values;
    }
  }
  throw new Error(`job '${graph.jobName}' has no collecting sink`);
}
