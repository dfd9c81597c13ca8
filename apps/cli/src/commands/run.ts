/**
 * `weir run <job>`: runs a job embedded, in this process (subtasks on worker threads), shows its
 * progress while it runs, and exits with the job's outcome; with a JobManager configured, it runs
 * on the cluster instead (run-on-cluster.ts) and is followed the same way. Ctrl-C cancels the job;
 * a second Ctrl-C exits without waiting for the cancellation.
 */
import { JobCanceledError } from '@weir/common';
import { executeLocally, type JobClient } from '@weir/runtime';
import type { CliIo } from '../cli-io';
import type { Invocation } from '../command-line';
import { checkRunOptions } from '../embedded-mode-limits';
import { EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes';
import { formatCount, formatDuration } from '../human-format';
import { loadJob } from '../load-job';
import { ProgressLine } from '../progress-line';
import { submitToCluster } from './run-on-cluster';

export async function runCommand(invocation: Extract<Invocation, { kind: 'run' }>, io: CliIo): Promise<number> {
  const jobManager = invocation.jobManager ?? (io.env.WEIR_JOBMANAGER || undefined);
  checkRunOptions({ onCluster: jobManager !== undefined, detached: invocation.detached });
  const client =
    jobManager === undefined
      ? await runEmbedded(invocation, io.env)
      : await submitToCluster(invocation, jobManager, io);
  // Detached: submitted, and nothing to follow.
  if (client === undefined) return EXIT_OK;
  const progressLine = io.stderr.isTTY
    ? new ProgressLine(io.stderr, client.jobName, () => client.progress())
    : undefined;
  let interrupted = false;
  const onInterrupt = (): void => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    // The outcome, canceled or failed, arrives through result(); nothing to add here.
    client.cancel().catch(() => undefined);
  };
  process.on('SIGINT', onInterrupt);
  // Said once Ctrl-C would cancel the job, which a script may rely on.
  if (jobManager !== undefined)
    io.stderr.write(`Job '${client.jobName}' submitted to ${jobManager} as ${client.jobId}.\n`);
  progressLine?.start();
  try {
    const result = await client.result();
    progressLine?.stop();
    const restarts =
      result.restarts === 0 ? '' : ` (after ${result.restarts} restart${result.restarts === 1 ? '' : 's'})`;
    io.stderr.write(
      `Job '${result.jobName}' finished in ${formatDuration(result.durationMs)}${restarts}: ${counts(client)}\n`,
    );
    return EXIT_OK;
  } catch (error) {
    progressLine?.stop();
    // A failure that beat the cancellation is still a failure, and reported as one.
    if (!interrupted || !(error instanceof JobCanceledError)) throw error;
    const elapsed = formatDuration(client.progress().elapsedMs);
    io.stderr.write(`Job '${client.jobName}' canceled (interrupted) after ${elapsed}: ${counts(client)}\n`);
    return EXIT_INTERRUPTED;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

async function runEmbedded(
  invocation: Extract<Invocation, { kind: 'run' }>,
  env: NodeJS.ProcessEnv,
): Promise<JobClient> {
  const { bundle, graph, workerSetup } = await loadJob(invocation.job, env);
  const restoreFrom =
    invocation.fromSavepoint === undefined
      ? undefined
      : { savepoint: invocation.fromSavepoint, allowNonRestoredState: invocation.allowNonRestoredState };
  return executeLocally(graph, { bundle, restoreFrom, workerSetup });
}

function counts(client: JobClient): string {
  const { recordsFromSources, recordsToSinks } = client.progress();
  return `${formatCount(recordsFromSources)} records from sources, ${formatCount(recordsToSinks)} to sinks`;
}
