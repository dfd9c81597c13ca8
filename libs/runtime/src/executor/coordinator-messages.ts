import type { SubtaskAddress } from '../network/channel-event';
import type { CheckpointMetrics, CoordinatorGateway } from '../task/coordinator-gateway';
import { deserializeError, serializeError, type SerializedError } from './serialized-error';

/**
 * The CoordinatorGateway as messages: what a host in another thread or process sends its job's
 * coordinator. The host side turns gateway calls into messages, the coordinator side turns them
 * back, whatever carries them (a worker's port, a process's IPC, later NATS control subjects).
 */
export type CoordinatorMessage =
  | { t: 'running' | 'finished' | 'register-reader' | 'split-request'; task: SubtaskAddress }
  | { t: 'watermark'; task: SubtaskAddress; watermark: number }
  | { t: 'failed'; task: SubtaskAddress; error: SerializedError }
  | { t: 'client'; node: number; subtask: number; values: unknown[] }
  | { t: 'ack'; task: SubtaskAddress; checkpoint: number; state: Uint8Array; metrics: CheckpointMetrics }
  | { t: 'decline'; task: SubtaskAddress; checkpoint: number; reason: string };

/**
 * A gateway whose every call becomes a message handed to `post`; `transfer` lists the buffers a
 * message may hand over instead of copying (a snapshot's bytes).
 */
export function coordinatorGatewayOver(
  post: (message: CoordinatorMessage, transfer?: ArrayBuffer[]) => void,
): CoordinatorGateway {
  return {
    taskRunning: (task) => post({ t: 'running', task }),
    taskFinished: (task) => post({ t: 'finished', task }),
    taskFailed: (task, error) => post({ t: 'failed', task, error: serializeError(error) }),
    registerReader: (task) => post({ t: 'register-reader', task }),
    requestSplit: (task) => post({ t: 'split-request', task }),
    reportWatermark: (task, watermark) => post({ t: 'watermark', task, watermark }),
    sendToClient: (node, subtask, values) => post({ t: 'client', node, subtask, values }),
    acknowledgeCheckpoint: (task, checkpoint, state, metrics) =>
      post({ t: 'ack', task, checkpoint, state, metrics }, [state.buffer as ArrayBuffer]),
    declineCheckpoint: (task, checkpoint, reason) => post({ t: 'decline', task, checkpoint, reason }),
  };
}

/** Calls the coordinator as the message says. */
export function deliverToCoordinator(message: CoordinatorMessage, coordinator: CoordinatorGateway): void {
  switch (message.t) {
    case 'running':
      return coordinator.taskRunning(message.task);
    case 'finished':
      return coordinator.taskFinished(message.task);
    case 'failed':
      return coordinator.taskFailed(message.task, deserializeError(message.error));
    case 'register-reader':
      return coordinator.registerReader(message.task);
    case 'split-request':
      return coordinator.requestSplit(message.task);
    case 'watermark':
      return coordinator.reportWatermark(message.task, message.watermark);
    case 'client':
      return coordinator.sendToClient(message.node, message.subtask, message.values);
    case 'ack':
      return coordinator.acknowledgeCheckpoint(message.task, message.checkpoint, message.state, message.metrics);
    case 'decline':
      return coordinator.declineCheckpoint(message.task, message.checkpoint, message.reason);
  }
}

export function isCoordinatorMessage(message: { t: string }): message is CoordinatorMessage {
  return COORDINATOR_MESSAGE_KINDS.has(message.t);
}

const COORDINATOR_MESSAGE_KINDS = new Set([
  'running',
  'finished',
  'failed',
  'register-reader',
  'split-request',
  'watermark',
  'client',
  'ack',
  'decline',
]);
