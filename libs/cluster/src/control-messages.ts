/**
 * The messages of the control plane between the JobManager and its TaskManagers. They are encoded
 * with v8's structured clone (control-codec.ts), like the messages between threads, so what a
 * client-side sink receives (Dates, Maps, …) arrives as the job produced it.
 */
import type { JobBuildOptions } from '@weir/core';
import type {
  ChannelBufferConfig,
  CoordinatorMessage,
  SerializedError,
  SplitAssignment,
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
}

export type DeployReply = { ok: true } | { ok: false; error: SerializedError };

export interface SplitsMessage extends SlotTarget {
  to: SubtaskAddress;
  assignment: SplitAssignment;
}

/** What a slot's job wrote to its standard output (print()), for the job's client. */
export interface SlotOutput {
  t: 'stdout';
  text: string;
}

/** A subtask's call to its job's coordinator, or the slot's output, from the slot; in the order they happened. */
export interface TaskReport extends SlotTarget {
  message: CoordinatorMessage | SlotOutput;
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
