import type { SubtaskAddress } from '../network/channel-event';
import type { SplitAssignment } from '../task/coordinator-gateway';

export interface HostProgress {
  recordsFromSources: number;
  recordsToSinks: number;
}

/** The coordinator's view of one host of subtasks: this thread, a worker thread, or (later) a TaskManager. */
export interface HostHandle {
  /** Creates the host's subtasks; rejects if the job cannot be loaded there. */
  deploy(): Promise<void>;
  start(): void;
  deliverSplits(to: SubtaskAddress, assignment: SplitAssignment): void;
  /** Stops every subtask of the host and releases it. */
  shutdown(): Promise<void>;
  progress(): HostProgress;
}
