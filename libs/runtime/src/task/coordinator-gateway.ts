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
  /** A source subtask with watermark alignment: its current watermark (MAX_WATERMARK once idle or ended). */
  reportWatermark(task: SubtaskAddress, watermark: number): void;
  /** Values for a client-side sink (node `nodeId`). */
  sendToClient(nodeId: number, subtask: number, values: unknown[]): void;
  /** The subtask has taken its snapshot of a checkpoint: `state` is its encoded SubtaskSnapshot. */
  acknowledgeCheckpoint(
    task: SubtaskAddress,
    checkpointId: number,
    state: Uint8Array,
    metrics: CheckpointMetrics,
  ): void;
  /** The subtask cannot take the checkpoint (it is no longer running). */
  declineCheckpoint(task: SubtaskAddress, checkpointId: number, reason: string): void;
}

/** How one subtask's part of a checkpoint went, for the checkpoint history. */
export interface CheckpointMetrics {
  /** From the first barrier to the last on its input channels (0 for a source). */
  readonly alignmentMs: number;
  /** From the aligned barrier to the acknowledgement: the snapshot, its encoding and any pre-commit. */
  readonly snapshotMs: number;
  /** How long processing stopped for the snapshot (its synchronous part, at the barrier). */
  readonly syncMs: number;
}

/**
 * What the coordinator sends to a source subtask: splits from its enumerator, or how far its
 * watermark may go under watermark alignment.
 */
export type SourceEvent =
  { kind: 'splits'; splits: SourceSplit[] } | { kind: 'no-more-splits' } | { kind: 'max-watermark'; watermark: number };
