import type { StreamGraph } from '@weir/core';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { JobGraph } from '../graph/job-graph';
import type { JobBundle } from '../job-bundle/job-bundle';
import { InlineHost } from './inline-host';
import type { JobClient } from './job-client';
import { JobCoordinator } from './job-coordinator';
import { WorkerHost } from './worker-host';
import { planFingerprint } from './rebuild-job-graph';

export interface LocalExecutionOptions {
  /** The job module the graph was built from. With it, subtasks run on worker threads (one per core). */
  bundle?: JobBundle;
  /** How many worker threads at most (default: the machine's cores). */
  maxThreads?: number;
}

/**
 * Runs a job embedded (DESIGN.md §1): the coordinator on this thread, the subtasks on worker
 * threads — or on this thread when the job was declared inline and so cannot be loaded elsewhere.
 */
export async function executeLocally(graph: StreamGraph, options: LocalExecutionOptions = {}): Promise<JobClient> {
  const jobGraph = JobGraph.fromStreamGraph(graph);
  const { bundle } = options;
  const widest = Math.max(...jobGraph.vertices.map((v) => v.parallelism));
  const threads = Math.max(1, Math.min(widest, options.maxThreads ?? availableParallelism()));
  const fingerprint = planFingerprint(jobGraph);
  const coordinator = new JobCoordinator(randomUUID(), graph, jobGraph, (attemptNumber, gateway) => {
    if (bundle === undefined) return [new InlineHost(jobGraph, attemptNumber, gateway)];
    const buildOptions = { args: graph.jobParameters, parallelism: graph.config.parallelism };
    const hosts = Array.from(
      { length: threads },
      (_, hostIndex) =>
        new WorkerHost(
          { bundle, buildOptions, attemptNumber, hostIndex, numberOfHosts: threads, fingerprint },
          gateway,
        ),
    );
    WorkerHost.connect(hosts);
    return hosts;
  });
  coordinator.start();
  return {
    jobId: coordinator.jobId,
    jobName: jobGraph.jobName,
    result: () => coordinator.result,
    cancel: () => coordinator.cancel(),
    status: () => coordinator.status,
    progress: () => coordinator.progress(),
  };
}
