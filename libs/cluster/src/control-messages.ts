/**
 * The messages of the control plane between the JobManager and its TaskManagers. They are encoded
 * with v8's structured clone (control-codec.ts), like the messages between threads, so what a
 * client-side sink receives (Dates, Maps, …) arrives as the job produced it.
 */
import type { CheckpointStorage, JobBuildOptions } from '@weir/core';
import type {
  BlobDigest,
  ChannelBufferConfig,
  CheckpointBarrier,
  CheckpointMetrics,
  CoordinatorMessage,
  RestoreSource,
  SerializedError,
  SnapshotLocation,
  SourceEvent,
  SubtaskAddress,
} from '@weir/runtime';

/** A TaskManager as it introduces itself (registration and every heartbeat). */
export interface TaskManagerInfo {
  tmId: string;
  slots: number;
  host: string;
  pid: number;
}

/** Which slot of which attempt of which job a message is about. */
export interface SlotTarget {
  jobId: string;
  attempt: number;
  /** The slot's host index in the job: subtask i runs in host i mod numberOfHosts. */
  hostIndex: number;
}

export interface DeployRequest extends SlotTarget {
  numberOfHosts: number;
  buildOptions: JobBuildOptions;
  /** The plan the JobManager built; the TaskManager's own build must match it. */
  fingerprint: string;
  bufferConfig: ChannelBufferConfig;
  /** Where the slot stores its subtasks' snapshots: the job's checkpoint storage (Redis unless it names one). */
  checkpointStorage: CheckpointStorage;
  /** The snapshot the slot's subtasks start from, which the slot reads from the storage itself. */
  restore?: RestoreSource;
}

export type DeployReply = { ok: true } | { ok: false; error: SerializedError };

export interface SourceEventMessage extends SlotTarget {
  to: SubtaskAddress;
  event: SourceEvent;
}

/** Starts a checkpoint at a source subtask of the slot. */
export interface TriggerMessage extends SlotTarget {
  to: SubtaskAddress;
  barrier: CheckpointBarrier;
}

/**
 * Sent to every slot of the job as checkpoint `checkpointId` starts: where its subtasks' snapshots
 * go (a checkpoint's place, or a savepoint's), which a barrier does not say.
 */
export interface CheckpointStartMessage extends SlotTarget {
  checkpointId: number;
  location: SnapshotLocation;
}

export interface CheckpointCompleteMessage extends SlotTarget {
  checkpointId: number;
}

/**
 * A subtask's snapshot as a slot reports it: stored by the slot itself at the checkpoint's location
 * (only its digest travels), or not stored.
 */
export type SlotCheckpointReport =
  | { t: 'ack-stored'; task: SubtaskAddress; checkpoint: number; digest: BlobDigest; metrics: CheckpointMetrics }
  | { t: 'upload-failed'; task: SubtaskAddress; checkpoint: number; reason: string };

/** What a slot's job wrote to its standard output (print()), for the job's client. */
export interface SlotOutput {
  t: 'stdout';
  text: string;
}

/** A subtask's call to its job's coordinator, or the slot's output, from the slot; in the order they happened. */
export interface TaskReport extends SlotTarget {
  message: CoordinatorMessage | SlotCheckpointReport | SlotOutput;
}

export interface ProgressReport extends SlotTarget {
  recordsFromSources: number;
  recordsToSinks: number;
  droppedMessages: number;
}

/** A TaskManager's heartbeat: who it is (so a restarted JobManager learns it again) and what it runs. */
export interface Heartbeat extends TaskManagerInfo {
  running: SlotTarget[];
}
