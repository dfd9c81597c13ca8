/**
 * `weir run job.ts --jobmanager URL`: bundles and builds the job here (so a bad job fails before
 * it is sent), submits the bundle, and then, unless detached, plays the job's output as embedded
 * mode would: what client-side sinks collect reaches them here, what the job prints is printed
 * here, and the exit code is the job's outcome. Ctrl-C cancels the job on the cluster.
 */
import { JobManagerClient, JobManagerRequestError, type JobSummary, type OutputFrame } from '@weir/cluster';
import { JobCanceledError, RuntimeFailure } from '@weir/common';
import { isClientSink, type ClientSink, type StreamGraph } from '@weir/core';
import { deserializeError, type SerializedError } from '@weir/runtime';
import type { CliIo } from '../cli-io';
import type { Invocation } from '../command-line';
import { CommandLineError } from '../command-line-error';
import { EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes';
import { formatDuration } from '../human-format';
import { loadJob } from '../load-job';

export async function runOnCluster(
  invocation: Extract<Invocation, { kind: 'run' }>,
  url: string,
  io: CliIo,
): Promise<number> {
  let client: JobManagerClient;
  try {
    client = new JobManagerClient(url);
  } catch (error) {
    throw new CommandLineError((error as JobManagerRequestError).message);
  }
  const { bundle, graph } = await loadJob(invocation.job);
  const { jobId, jobName } = await client.submit({
    bundle,
    args: { ...invocation.job.args },
    parallelism: invocation.job.parallelism,
    collectOutput: !invocation.detached,
  });
  if (invocation.detached) {
    io.stderr.write(`Job '${jobName}' submitted to ${url} as ${jobId}.\n`);
    io.stdout.write(`${jobId}\n`);
    return EXIT_OK;
  }
  io.stderr.write(`Job '${jobName}' submitted to ${url} as ${jobId}.\n`);
  let interrupted = false;
  const onInterrupt = (): void => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    client.cancel(jobId).catch(() => undefined);
  };
  process.on('SIGINT', onInterrupt);
  try {
    const sinks = clientSinksOf(graph);
    for await (const frame of client.output(jobId)) {
      if (frame.kind === 'end') return outcome(frame.job, frame.failure, interrupted, io);
      play(frame, sinks, io);
    }
    throw new RuntimeFailure(`The JobManager at ${url} closed the output of job ${jobId} before the job ended.`);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

function play(frame: Exclude<OutputFrame, { kind: 'end' }>, sinks: Map<number, ClientSink<unknown>>, io: CliIo): void {
  switch (frame.kind) {
    case 'values':
      sinks.get(frame.node)?.receive(frame.values, frame.subtask);
      break;
    case 'stdout':
      io.stdout.write(frame.text);
      break;
    case 'restart':
      for (const sink of sinks.values()) sink.onRestart?.();
      break;
  }
}

function outcome(job: JobSummary, failure: SerializedError | undefined, interrupted: boolean, io: CliIo): number {
  const took = formatDuration((job.endedAt ?? Date.now()) - job.submittedAt);
  if (job.status === 'finished') {
    const restarts = job.restarts === 0 ? '' : ` (after ${job.restarts} restart${job.restarts === 1 ? '' : 's'})`;
    io.stderr.write(`Job '${job.jobName}' finished in ${took}${restarts} on the cluster.\n`);
    return EXIT_OK;
  }
  const error =
    failure === undefined ? new RuntimeFailure(`Job '${job.jobName}' ${job.status}.`) : deserializeError(failure);
  if (interrupted && error instanceof JobCanceledError) {
    io.stderr.write(`Job '${job.jobName}' canceled (interrupted) after ${took}.\n`);
    return EXIT_INTERRUPTED;
  }
  throw error;
}

function clientSinksOf(graph: StreamGraph): Map<number, ClientSink<unknown>> {
  const sinks = new Map<number, ClientSink<unknown>>();
  for (const node of graph.nodes.values()) {
    if (node.operator.kind === 'sink' && isClientSink(node.operator.sink)) sinks.set(node.id, node.operator.sink);
  }
  return sinks;
}
