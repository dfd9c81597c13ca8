import type { StreamGraph } from '@weir/core';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { JobGraph } from '../graph/job-graph';
import type { JobBundle } from '../job-bundle/job-bundle';
import { InlineHost } from './inline-host';
import type { JobClient } from './job-client';
import { JobCoordinator, type HostFactory, type SavepointRestoreSettings } from './job-coordinator';
import { hostOf } from './task-host';
import { WorkerHost } from './worker-host';
import type { WorkerSetup } from './worker-setup';
import { planFingerprint } from './rebuild-job-graph';
import { avoidV8HelpersOnBusyCores } from './avoid-v8-helpers-on-busy-cores';

export interface LocalExecutionOptions {
  /** The job module the graph was built from. With it, subtasks run on worker threads (one per core). */
  bundle?: JobBundle;
  /** How many worker threads at most (default: the machine's cores). */
  maxThreads?: number;
  /** Start from a savepoint (`weir run --from-savepoint`). */
  restoreFrom?: SavepointRestoreSettings;
  /** Where problems that do not fail the job are reported (default: stderr). */
  log?: (message: string) => void;
  /** Run on each worker thread before it loads the job (the CLI installs a job's connectors there). */
  workerSetup?: WorkerSetup;
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
  const jobId = randomUUID();
  if (bundle !== undefined) avoidV8HelpersOnBusyCores(threads);
  const createHosts: HostFactory = (attemptNumber, gateway, restore) => {
    if (bundle === undefined)
      return [new InlineHost(jobGraph, attemptNumber, gateway, { jobId, restore: restore?.tasks })];
    const buildOptions = { args: graph.jobParameters, parallelism: graph.config.parallelism };
    const hosts = Array.from({ length: threads }, (_, hostIndex) => {
      const own =
        restore && new Map([...restore.tasks].filter(([key]) => hostOf(subtaskOfKey(key), threads) === hostIndex));
      return new WorkerHost(
        {
          bundle,
          buildOptions,
          attemptNumber,
          hostIndex,
          numberOfHosts: threads,
          fingerprint,
          jobId,
          restore: own,
          setup: options.workerSetup,
        },
        gateway,
      );
    });
    WorkerHost.connect(hosts);
    return hosts;
  };
  const coordinator = new JobCoordinator(jobId, graph, jobGraph, createHosts, {
    restoreFrom: options.restoreFrom,
    log: options.log,
  });
  coordinator.start();
  return {
    jobId: coordinator.jobId,
    jobName: jobGraph.jobName,
    result: () => coordinator.result,
    cancel: () => coordinator.cancel(),
    status: () => coordinator.status,
    progress: () => coordinator.progress(),
    triggerSavepoint: (name) => coordinator.triggerSavepoint(name),
    checkpoints: () => coordinator.checkpointHistory(),
  };
}

/** The subtask index in a `subtaskKey` ('vertex.subtask'). */
function subtaskOfKey(key: string): number {
  return Number(key.slice(key.indexOf('.') + 1));
}
