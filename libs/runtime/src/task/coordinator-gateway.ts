import type { SourceSplit } from '@weir/core';
import type { SubtaskAddress } from '../network/channel-event';

/**
 * How a subtask talks to its job's coordinator (the JobManager's role: in embedded mode the main
 * thread). Every call is a message, never a shared object, so it can cross threads and processes.
 */
export interface CoordinatorGateway {
  taskRunning(task: SubtaskAddress): void;
  taskFinished(task: SubtaskAddress): void;
  taskFailed(task: SubtaskAddress, error: unknown): void;
  /** A source reader is ready for splits. */
  registerReader(task: SubtaskAddress): void;
  /** A source reader asks for more splits. */
  requestSplit(task: SubtaskAddress): void;
  /** Values for a client-side sink (node `nodeId`). */
  sendToClient(nodeId: number, subtask: number, values: unknown[]): void;
}

/** What the coordinator sends to a source subtask. */
export type SplitAssignment = { kind: 'splits'; splits: SourceSplit[] } | { kind: 'no-more-splits' };
