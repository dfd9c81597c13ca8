/** Messages between a TaskManager's main thread and the worker thread of one of its slots. */
import type { ClusterConnectors, DeployRequest, SlotOutput } from '@weir/cluster';
import type { CoordinatorMessage, JobBundle, SerializedError, SplitAssignment, SubtaskAddress } from '@weir/runtime';

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
  | { t: 'splits'; to: SubtaskAddress; assignment: SplitAssignment }
  | { t: 'cancel' };

export type FromSlotWorker =
  | CoordinatorMessage
  | SlotOutput
  | { t: 'deployed' }
  | { t: 'init-failed'; error: SerializedError }
  | { t: 'progress'; recordsFromSources: number; recordsToSinks: number; droppedMessages: number }
  | { t: 'canceled' };
