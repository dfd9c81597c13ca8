import type { CheckpointBarrier, SubtaskAddress } from '../network/channel-event';
import type { SourceEvent } from '../task/coordinator-gateway';

export interface HostProgress {
  recordsFromSources: number;
  recordsToSinks: number;
}

/** The coordinator's view of one host of subtasks: this thread, a worker thread, or (later) a TaskManager. */
export interface HostHandle {
  /** Creates the host's subtasks; rejects if the job cannot be loaded there. */
  deploy(): Promise<void>;
  start(): void;
  deliverSourceEvent(to: SubtaskAddress, event: SourceEvent): void;
  /** Stops every subtask of the host and releases it. */
  shutdown(): Promise<void>;
  progress(): HostProgress;
  /*
   * Checkpoints (DESIGN.md §6). A host without these runs its job without checkpoints: the
   * coordinator takes none, and sinks commit at the end of input.
   */
  /** Starts a checkpoint at a source subtask of this host. */
  triggerCheckpoint?(to: SubtaskAddress, barrier: CheckpointBarrier): void;
  notifyCheckpointComplete?(checkpointId: number): void;
  /** Every subtask of the job has finished: finished subtasks commit their last output and are released. */
  finalizeJob?(): Promise<void>;
}
