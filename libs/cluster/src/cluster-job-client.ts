/**
 * The JobClient of a job submitted to a cluster (with `collectOutput`), so that `weir run
 * --jobmanager` and a program on `getExecutionEnvironment()` follow it as they follow an embedded
 * job: its output is played into the client's own graph (play-job-output.ts), its progress and
 * checkpoint history polled from the JobManager, savepoints taken through it, and `result()`
 * settles with the job's outcome.
 */
import type { StreamGraph } from '@weir/core';
import {
  deserializeError,
  type CheckpointStats,
  type JobClient,
  type JobExecutionResult,
  type JobProgress,
  type JobStatus,
} from '@weir/runtime';
import type { JobManagerClient } from './job-manager-client';
import { playJobOutput } from './play-job-output';
import type { ClusterJobStatus, SubmitJobResponse } from './rest-api';

const PROGRESS_INTERVAL_MS = 250;

export function followClusterJob(
  client: JobManagerClient,
  { jobId, jobName }: SubmitJobResponse,
  graph: StreamGraph,
  stdout: { write(text: string): unknown },
): JobClient {
  const submittedAt = Date.now();
  let progress: JobProgress = { status: 'created', recordsFromSources: 0, recordsToSinks: 0, elapsedMs: 0 };
  /** Polled only once asked for: most clients (`weir run`) never read the history. */
  let checkpoints: readonly CheckpointStats[] | undefined;
  const refresh = async (): Promise<void> => {
    const [detail, history] = await Promise.all([
      client.job(jobId),
      checkpoints === undefined ? undefined : client.checkpoints(jobId),
    ]);
    const { recordsFromSources, recordsToSinks } = detail;
    const elapsedMs = (detail.endedAt ?? Date.now()) - submittedAt;
    progress = { status: statusOf(detail.status), recordsFromSources, recordsToSinks, elapsedMs };
    if (history !== undefined) checkpoints = history;
  };
  const poll = setInterval(() => refresh().catch(() => undefined), PROGRESS_INTERVAL_MS);
  poll.unref();
  const result: Promise<JobExecutionResult> = playJobOutput(client.output(jobId), graph, stdout).then(
    async ({ job, failure }) => {
      clearInterval(poll);
      await refresh().catch(() => undefined);
      if (job.status !== 'finished') {
        throw failure === undefined ? new Error(`Job '${jobName}' ${job.status}.`) : deserializeError(failure);
      }
      return { jobId, jobName, durationMs: (job.endedAt ?? Date.now()) - job.submittedAt, restarts: job.restarts };
    },
    (error: unknown) => {
      clearInterval(poll);
      throw error;
    },
  );
  // The caller may never ask for the result; a failure must not become an unhandled rejection.
  result.catch(() => undefined);
  return {
    jobId,
    jobName,
    result: () => result,
    cancel: async () => {
      await client.cancel(jobId);
    },
    status: () => progress.status,
    progress: () => progress,
    triggerSavepoint: async (name) => (await client.savepoint(jobId, name)).location,
    // As of the last poll (every PROGRESS_INTERVAL_MS), from the first poll after the first call.
    checkpoints: () => (checkpoints ??= []),
  };
}

/** A cluster job's status as a JobClient tells it: the steps before running are still 'created'. */
function statusOf(status: ClusterJobStatus): JobStatus {
  return status === 'scheduled' || status === 'deploying' ? 'created' : status;
}
