/**
 * `execute()` of a program whose environment is a cluster (`getExecutionEnvironment()` with
 * WEIR_JOBMANAGER set): the program's file is bundled as a program (plan-capture.ts) and submitted,
 * and the JobClient it returns plays the job's output into the program's own graph, so collecting
 * sinks (executeAndCollect) and print() behave as they do embedded.
 */
import { ConfigError } from '@weir/common';
import type { StreamGraph } from '@weir/core';
import {
  bundleJobFile,
  deserializeError,
  type JobClient,
  type JobExecutionResult,
  type JobProgress,
  type JobStatus,
} from '@weir/runtime';
import { JobManagerClient } from './job-manager-client';
import { playJobOutput } from './play-job-output';
import type { ClusterJobStatus } from './rest-api';

const PROGRESS_INTERVAL_MS = 500;

export interface ClusterExecution {
  /** The JobManager's URL. */
  jobManager: string;
  /** The program's own file, bundled and shipped: its functions are found there on the cluster. */
  programFile: string;
}

export async function executeOnCluster(graph: StreamGraph, execution: ClusterExecution): Promise<JobClient> {
  const client = new JobManagerClient(execution.jobManager);
  const bundle = await bundleJobFile(execution.programFile, { program: true });
  const { jobId, jobName } = await client.submit({
    bundle,
    args: { ...graph.jobParameters },
    parallelism: graph.config.parallelism,
    collectOutput: true,
  });
  const submittedAt = Date.now();
  let progress: JobProgress = { status: 'created', recordsFromSources: 0, recordsToSinks: 0, elapsedMs: 0 };
  const poll = setInterval(() => {
    client.job(jobId).then(
      (detail) => {
        const { recordsFromSources, recordsToSinks } = detail;
        progress = {
          status: statusOf(detail.status),
          recordsFromSources,
          recordsToSinks,
          elapsedMs: Date.now() - submittedAt,
        };
      },
      () => undefined,
    );
  }, PROGRESS_INTERVAL_MS);
  poll.unref();
  const result: Promise<JobExecutionResult> = playJobOutput(client.output(jobId), graph, process.stdout).then(
    ({ job, failure }) => {
      clearInterval(poll);
      progress = { ...progress, status: statusOf(job.status), elapsedMs: (job.endedAt ?? Date.now()) - submittedAt };
      if (job.status !== 'finished')
        throw failure === undefined ? new Error(`Job '${jobName}' ${job.status}.`) : deserializeError(failure);
      return { jobId, jobName, durationMs: (job.endedAt ?? Date.now()) - job.submittedAt, restarts: job.restarts };
    },
  );
  // The program may never ask for the result; a failure must not become an unhandled rejection.
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
    triggerSavepoint: () =>
      Promise.reject(new ConfigError("A cluster's JobManager does not take savepoints yet; an embedded job does.")),
    // A cluster job takes no checkpoints yet.
    checkpoints: () => [],
  };
}

/** A cluster job's status as a JobClient tells it: the steps before running are still 'created'. */
function statusOf(status: ClusterJobStatus): JobStatus {
  return status === 'scheduled' || status === 'deploying' ? 'created' : status;
}
