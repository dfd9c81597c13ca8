/** Messages between a TaskManager's main thread and the worker thread of one of its slots. */
import type { ClusterConnectors, DeployRequest, SlotCheckpointReport, SlotOutput } from '@weir/cluster';
import type {
  CheckpointBarrier,
  CoordinatorMessage,
  JobBundle,
  SerializedError,
  SnapshotLocation,
  SourceEvent,
  SubtaskAddress,
} from '@weir/runtime';

export interface NatsSettings {
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
}

export type ToSlotWorker =
  /** Sent to a new worker before any job needs it, so a deployment finds it connected and loaded. */
  | { t: 'warm'; nats: NatsSettings; name: string; connectors: ClusterConnectors }
  | { t: 'init'; deploy: DeployRequest; bundle: JobBundle; clusterId: string }
  | { t: 'start' }
  | { t: 'source-event'; to: SubtaskAddress; event: SourceEvent }
  | { t: 'checkpoint'; checkpointId: number; location: SnapshotLocation }
  | { t: 'trigger'; to: SubtaskAddress; barrier: CheckpointBarrier }
  | { t: 'complete'; checkpointId: number }
  | { t: 'finalize' }
  | { t: 'cancel' };

export type FromSlotWorker =
  | CoordinatorMessage
  | SlotCheckpointReport
  | SlotOutput
  | { t: 'deployed' }
  | { t: 'init-failed'; error: SerializedError }
  | { t: 'progress'; recordsFromSources: number; recordsToSinks: number; droppedMessages: number }
  | { t: 'finalized' }
  | { t: 'canceled' };
