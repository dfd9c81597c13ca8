/**
 * `weir run job.ts --jobmanager URL`: bundles and builds the job here (so a bad job fails before
 * it is sent) and submits the bundle. Attached, it returns the job's JobClient, which run.ts follows
 * as it follows an embedded job (its output played here, its progress, Ctrl-C, its outcome);
 * detached, it prints the job id and returns nothing.
 */
import { followClusterJob, JobManagerClient, JobManagerRequestError } from '@weir/cluster';
import type { JobClient } from '@weir/runtime';
import type { CliIo } from '../cli-io';
import type { Invocation } from '../command-line';
import { CommandLineError } from '../command-line-error';
import { loadJob } from '../load-job';

export async function submitToCluster(
  invocation: Extract<Invocation, { kind: 'run' }>,
  url: string,
  io: CliIo,
): Promise<JobClient | undefined> {
  let client: JobManagerClient;
  try {
    client = new JobManagerClient(url);
  } catch (error) {
    throw new CommandLineError((error as JobManagerRequestError).message);
  }
  const { bundle, graph } = await loadJob(invocation.job, io.env);
  const submitted = await client.submit({
    bundle,
    args: { ...invocation.job.args },
    parallelism: invocation.job.parallelism,
    collectOutput: !invocation.detached,
    fromSavepoint: invocation.fromSavepoint,
    allowNonRestoredState: invocation.allowNonRestoredState,
  });
  if (!invocation.detached) return followClusterJob(client, submitted, graph, io.stdout);
  io.stderr.write(`Job '${submitted.jobName}' submitted to ${url} as ${submitted.jobId}.\n`);
  io.stdout.write(`${submitted.jobId}\n`);
  return undefined;
}
