import type { JobBuildOptions } from '@weir/core';
import type { MessagePort } from 'node:worker_threads';
import type { TaskRestore } from '../checkpoint/operator-snapshot';
import type { ChannelEvent, CheckpointBarrier, SubtaskAddress } from '../network/channel-event';
import type { JobBundle } from '../job-bundle/job-bundle';
import type { SourceEvent } from '../task/coordinator-gateway';
import type { CoordinatorMessage } from './coordinator-messages';
import type { SerializedError } from './serialized-error';
import type { WorkerSetup } from './worker-setup';

/** Messages between the embedded coordinator (main thread) and a worker thread hosting subtasks. */
export type ToWorker =
  | {
      t: 'init';
      bundle: JobBundle;
      buildOptions: JobBuildOptions;
      attemptNumber: number;
      hostIndex: number;
      numberOfHosts: number;
      /** The plan the coordinator built; the worker's own build must match it exactly. */
      fingerprint: string;
      jobId: string;
      /** The restored state of this worker's subtasks, by `subtaskKey`. */
      restore: Map<string, TaskRestore> | undefined;
      /** Run before the job is loaded. */
      setup: WorkerSetup | undefined;
    }
  | { t: 'peer'; host: number; port: MessagePort }
  | { t: 'start' }
  | { t: 'source-event'; to: SubtaskAddress; event: SourceEvent }
  | { t: 'trigger'; to: SubtaskAddress; barrier: CheckpointBarrier }
  | { t: 'complete'; checkpointId: number }
  | { t: 'finalize' }
  | { t: 'cancel' };

export type FromWorker =
  | CoordinatorMessage
  | { t: 'deployed' }
  | { t: 'init-failed'; error: SerializedError }
  | { t: 'progress'; recordsFromSources: number; recordsToSinks: number }
  | { t: 'finalized' }
  | { t: 'canceled' };

/** Messages between two worker threads: the data plane. */
export type PeerMessage =
  | { t: 'd'; to: SubtaskAddress; ch: number; seq: number; ev: ChannelEvent }
  | { t: 'c'; to: SubtaskAddress; e: number; r: number; n: number };
