/**
 * The JobManager's REST API as types: what the CLI, `getExecutionEnvironment()` and tests send and
 * get back (DESIGN.md §9). Job output for client-side sinks (collect, print) streams from
 * `GET /jobs/:id/output` as length-prefixed structured-clone frames (output-frames.ts).
 */
import type { JobBundle, SerializedError } from '@weir/runtime';

export interface SubmitJobRequest {
  bundle: JobBundle;
  /** The job's arguments, handed to its build function. */
  args: Record<string, string>;
  /** The default parallelism (the job's own setParallelism() wins). */
  parallelism?: number;
  /**
   * Whether a client will read the output of client-side sinks from `/jobs/:id/output`; without
   * one (a detached submission) that output is dropped.
   */
  collectOutput?: boolean;
  /** A savepoint to start from: its name on this cluster (`weir savepoint`), or a directory's absolute path. */
  fromSavepoint?: string;
  /** With fromSavepoint: drop state of operators the job no longer has (by uid) instead of refusing. */
  allowNonRestoredState?: boolean;
}

export interface SubmitJobResponse {
  jobId: string;
  jobName: string;
}

/** Flink's job and subtask states, plus restarting between two attempts. */
export type ClusterJobStatus =
  'created' | 'scheduled' | 'deploying' | 'running' | 'restarting' | 'finished' | 'failed' | 'canceling' | 'canceled';

export type SubtaskState = Exclude<ClusterJobStatus, 'restarting'>;

export const TERMINAL_STATUSES: readonly ClusterJobStatus[] = ['finished', 'failed', 'canceled'];

export interface JobSummary {
  jobId: string;
  jobName: string;
  status: ClusterJobStatus;
  /** Epoch milliseconds. */
  submittedAt: number;
  /** When the current attempt's subtasks were started, all deployed (epoch milliseconds). */
  startedAt?: number;
  endedAt?: number;
  restarts: number;
  /** Why the job failed (or what it waits for, while it waits for slots). */
  error?: string;
  /** Slots the job needs: its widest vertex's parallelism. */
  slots: number;
}

export interface SubtaskView {
  vertex: number;
  vertexName: string;
  subtask: number;
  state: SubtaskState;
  taskManager?: string;
}

export interface JobDetail extends JobSummary {
  attempt: number;
  recordsFromSources: number;
  recordsToSinks: number;
  /** Messages on the job's data subjects that were not Weir envelopes: dropped, logged, counted. */
  droppedMessages: number;
  vertices: { id: number; name: string; parallelism: number }[];
  subtasks: SubtaskView[];
  /** The cause chain of the failure, when the job failed. */
  failure?: SerializedError;
}

export interface TaskManagerView {
  tmId: string;
  host: string;
  pid: number;
  slots: number;
  /** Slots no job has been given. */
  freeSlots: number;
  /** Slots the TaskManager runs, by its last heartbeat. */
  runningSlots: number;
  lastHeartbeatAgoMs: number;
}

/** One frame of `GET /jobs/:id/output`. */
export type OutputFrame =
  | { kind: 'values'; node: number; subtask: number; values: unknown[] }
  /** What the job printed (print() sinks), to be written to the client's standard output. */
  | { kind: 'stdout'; text: string }
  /** The job restarts from its beginning: client sinks drop what the failed attempt delivered. */
  | { kind: 'restart' }
  | { kind: 'end'; job: JobSummary; failure?: SerializedError };

/** `POST /jobs/:id/savepoints` (body `{ name? }`) and the savepoint of `POST /jobs/:id/stop`. */
export interface SavepointResponse {
  /** What `--from-savepoint` takes: the savepoint's name, unique on the cluster. */
  name: string;
  /** Where it is (a Redis key or a directory). */
  location: string;
}

/** `POST /jobs/:id/stop` (body `{ name? }`): the savepoint taken, then the canceled job. */
export interface StopJobResponse extends SavepointResponse {
  job: JobSummary;
}
