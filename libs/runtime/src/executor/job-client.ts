import type { CheckpointStats } from '../checkpoint/checkpoint-stats';

/** A job's lifecycle as its client sees it. */
export type JobStatus = 'created' | 'running' | 'restarting' | 'finished' | 'failed' | 'canceling' | 'canceled';

export interface JobExecutionResult {
  readonly jobId: string;
  readonly jobName: string;
  readonly durationMs: number;
  /** How many times the job was restarted after a failure. */
  readonly restarts: number;
}

/** Progress of a running job, for the CLI's progress line and tests. */
export interface JobProgress {
  readonly status: JobStatus;
  /** Records that left the sources so far (all subtasks). */
  readonly recordsFromSources: number;
  /** Records that reached the sinks so far (all subtasks). */
  readonly recordsToSinks: number;
  readonly elapsedMs: number;
}

/** The handle `execute()` returns. */
export interface JobClient {
  readonly jobId: string;
  readonly jobName: string;
  /** Resolves when the job finishes; rejects with a JobExecutionError (cause: the user's error) when it fails. */
  result(): Promise<JobExecutionResult>;
  cancel(): Promise<void>;
  status(): JobStatus;
  progress(): JobProgress;
  /** Takes a savepoint, named or not; resolves with where it is (a directory, a Redis key). */
  triggerSavepoint(name?: string): Promise<string>;
  /** The checkpoint history (id, status, trigger time, duration, size, alignment per subtask). */
  checkpoints(): readonly CheckpointStats[];
}
