/**
 * `execute()` of a program whose environment is a cluster (`getExecutionEnvironment()` with
 * WEIR_JOBMANAGER set): the program's file is bundled as a program (plan-capture.ts) and submitted,
 * and its JobClient plays the job's output into the program's own graph, so collecting sinks
 * (executeAndCollect) and print() behave as they do embedded.
 */
import type { StreamGraph } from '@weir/core';
import { bundleJobFile, type JobClient } from '@weir/runtime';
import { followClusterJob } from './cluster-job-client';
import { JobManagerClient } from './job-manager-client';

export interface ClusterExecution {
  /** The JobManager's URL. */
  jobManager: string;
  /** The program's own file, bundled and shipped: its functions are found there on the cluster. */
  programFile: string;
}

export async function executeOnCluster(graph: StreamGraph, execution: ClusterExecution): Promise<JobClient> {
  const client = new JobManagerClient(execution.jobManager);
  const bundle = await bundleJobFile(execution.programFile, { program: true });
  const submitted = await client.submit({
    bundle,
    args: { ...graph.jobParameters },
    parallelism: graph.config.parallelism,
    collectOutput: true,
  });
  return followClusterJob(client, submitted, graph, process.stdout);
}
