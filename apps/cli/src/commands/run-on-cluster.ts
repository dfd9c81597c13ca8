/**
 * `weir run job.ts --jobmanager URL`: bundles and builds the job here (so a bad job fails before
 * it is sent), submits the bundle, and then, unless detached, plays the job's output as embedded
 * mode would: what client-side sinks collect reaches them here, what the job prints is printed
 * here, and the exit code is the job's outcome. Ctrl-C cancels the job on the cluster.
 */
import { JobManagerClient, JobManagerRequestError, playJobOutput, type JobSummary } from '@weir/cluster';
import { JobCanceledError, RuntimeFailure } from '@weir/common';
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
    const { job, failure } = await playJobOutput(client.output(jobId), graph, io.stdout);
    return outcome(job, failure, interrupted, io);
  } finally {
    process.off('SIGINT', onInterrupt);
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
