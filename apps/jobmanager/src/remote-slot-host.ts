/**
 * The coordinator's handle on one slot of a TaskManager (HostHandle): the JobCoordinator runs a
 * cluster job as it runs an embedded one, and this is what turns its calls into control messages
 * on the TaskManager's subjects. The slot is granted when the registry has one free, so `deploy`
 * first waits for it.
 */
import {
  taskManagerSubject,
  type CheckpointCompleteMessage,
  type CheckpointStartMessage,
  type DeployReply,
  type DeployRequest,
  type ProgressReport,
  type SlotTarget,
  type SourceEventMessage,
  type TaskManagerVerb,
  type TriggerMessage,
} from '@weir/cluster';
import { RuntimeFailure } from '@weir/common';
import {
  deserializeError,
  type CheckpointBarrier,
  type CoordinatorGateway,
  type HostHandle,
  type HostProgress,
  type SnapshotLocation,
  type SourceEvent,
  type SubtaskAddress,
} from '@weir/runtime';
import type { ControlConnection } from './control-connection';
import type { AllocatedSlot } from './task-manager-registry';

export type SlotHostPhase = 'waiting' | 'deploying' | 'deployed' | 'running' | 'stopping' | 'stopped';

export interface RemoteSlotHostOptions {
  control: ControlConnection;
  deploy: DeployRequest;
  slot: Promise<AllocatedSlot>;
  deployTimeoutMs: number;
  /** Told of every phase change, for the job's subtask states. */
  onPhase: (host: RemoteSlotHost) => void;
  /** Told before a checkpoint is triggered at one of the slot's sources, so every slot learns where it goes. */
  onTrigger: (barrier: CheckpointBarrier) => void;
}

/** How long the sinks of a finished job may take to commit their last output. */
const FINALIZE_TIMEOUT_MS = 60_000;

export class RemoteSlotHost implements HostHandle {
  phase: SlotHostPhase = 'waiting';
  tmId: string | undefined;
  private slot: AllocatedSlot | undefined;
  private lastProgress: HostProgress = { recordsFromSources: 0, recordsToSinks: 0 };
  /** Garbage the slot's data plane dropped (NatsDataReceiver.droppedMessages). */
  droppedMessages = 0;
  private lost: Error | undefined;
  private rejectDeploy: ((error: Error) => void) | undefined;

  constructor(
    private readonly options: RemoteSlotHostOptions,
    readonly gateway: CoordinatorGateway,
  ) {}

  get target(): SlotTarget {
    const { jobId, attempt, hostIndex } = this.options.deploy;
    return { jobId, attempt, hostIndex };
  }

  async deploy(): Promise<void> {
    const lost = new Promise<never>((_, reject) => (this.rejectDeploy = reject));
    lost.catch(() => undefined);
    const slot = await Promise.race([this.options.slot, lost]);
    // Stopped while it waited for the slot (canceled, failed): the slot goes back at once.
    if (this.phase === 'stopping' || this.phase === 'stopped') {
      slot.release();
      throw new RuntimeFailure(
        `Slot ${this.options.deploy.hostIndex} of job ${this.options.deploy.jobId} was stopped before it deployed.`,
      );
    }
    this.slot = slot;
    this.tmId = slot.tmId;
    this.setPhase('deploying');
    const { control, deploy, deployTimeoutMs } = this.options;
    const reply = await Promise.race([
      control
        .request<DeployReply>(taskManagerSubject(control.clusterId, this.tmId, 'deploy'), deploy, deployTimeoutMs)
        .catch((error: unknown) => {
          throw new RuntimeFailure(
            `TaskManager ${this.tmId} did not deploy slot ${deploy.hostIndex} of job ${deploy.jobId} within ` +
              `${deployTimeoutMs} ms (deployTimeoutMs): ${(error as Error).message}`,
            { cause: error },
          );
        }),
      lost,
    ]);
    if (!reply.ok) throw deserializeError(reply.error);
    this.setPhase('deployed');
  }

  start(): void {
    this.setPhase('running');
    this.publish('start', this.target);
  }

  deliverSourceEvent(to: SubtaskAddress, event: SourceEvent): void {
    this.publish('source-event', { ...this.target, to, event } satisfies SourceEventMessage);
  }

  /** Checkpoint `checkpointId` stores the slot's snapshots at `location` (before any of its barriers arrive). */
  checkpointAt(checkpointId: number, location: SnapshotLocation): void {
    this.publish('checkpoint', { ...this.target, checkpointId, location } satisfies CheckpointStartMessage);
  }

  triggerCheckpoint(to: SubtaskAddress, barrier: CheckpointBarrier): void {
    this.options.onTrigger(barrier);
    this.publish('trigger', { ...this.target, to, barrier } satisfies TriggerMessage);
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.publish('complete', { ...this.target, checkpointId } satisfies CheckpointCompleteMessage);
  }

  async finalizeJob(): Promise<void> {
    if (this.tmId === undefined || this.lost !== undefined) return;
    const { control } = this.options;
    // A TaskManager lost meanwhile fails the attempt; its slot has nothing more to commit here.
    await control
      .request(taskManagerSubject(control.clusterId, this.tmId, 'finalize'), this.target, FINALIZE_TIMEOUT_MS)
      .catch(() => undefined);
  }

  async shutdown(): Promise<void> {
    if (this.phase === 'stopped') return;
    this.setPhase('stopping');
    if (this.tmId !== undefined && this.lost === undefined) {
      const { control, deployTimeoutMs } = this.options;
      // A TaskManager that does not answer is about to be declared lost; its slot goes with it.
      await control
        .request(taskManagerSubject(control.clusterId, this.tmId, 'cancel'), this.target, deployTimeoutMs)
        .catch(() => undefined);
    }
    this.slot?.release();
    this.setPhase('stopped');
  }

  progress(): HostProgress {
    return this.lastProgress;
  }

  onProgress(report: ProgressReport): void {
    this.lastProgress = { recordsFromSources: report.recordsFromSources, recordsToSinks: report.recordsToSinks };
    this.droppedMessages = report.droppedMessages;
  }

  /** The host's TaskManager is gone: its subtasks failed with it. */
  taskManagerLost(reason: Error): void {
    if (this.lost !== undefined || this.phase === 'stopped') return;
    this.lost = reason;
    this.rejectDeploy?.(reason);
    this.gateway.taskFailed({ vertex: -1, subtask: this.options.deploy.hostIndex }, reason);
  }

  private publish<M extends SlotTarget>(verb: TaskManagerVerb, message: M): void {
    if (this.tmId === undefined || this.lost !== undefined) return;
    const { control } = this.options;
    control.publish(taskManagerSubject(control.clusterId, this.tmId, verb), message);
  }

  private setPhase(phase: SlotHostPhase): void {
    this.phase = phase;
    this.options.onPhase(this);
  }
}
