import type { JobGraph } from '../graph/job-graph';
import type { CheckpointBarrier, SubtaskAddress } from '../network/channel-event';
import type { CoordinatorGateway, SourceEvent } from '../task/coordinator-gateway';
import type { HostHandle, HostProgress } from './host-handle';
import { TaskHost, type HostDeployment } from './task-host';

/**
 * Runs every subtask in the calling thread. Used for jobs declared inline (a test, a script) rather
 * than in a job module, since only a module can be loaded again in another thread.
 */
export class InlineHost implements HostHandle {
  private readonly host: TaskHost;

  constructor(
    jobGraph: JobGraph,
    attemptNumber: number,
    coordinator: CoordinatorGateway,
    private readonly deployment: HostDeployment,
  ) {
    this.host = new TaskHost(jobGraph, attemptNumber, coordinator, 0, 1, undefined);
  }

  async deploy(): Promise<void> {
    this.host.deploy(this.deployment);
  }

  start(): void {
    this.host.start();
  }

  deliverSourceEvent(to: SubtaskAddress, event: SourceEvent): void {
    this.host.deliverSourceEvent(to, event);
  }

  triggerCheckpoint(to: SubtaskAddress, barrier: CheckpointBarrier): void {
    this.host.triggerCheckpoint(to, barrier);
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.host.notifyCheckpointComplete(checkpointId);
  }

  finalizeJob(): Promise<void> {
    return this.host.finalizeJob();
  }

  shutdown(): Promise<void> {
    return this.host.cancel();
  }

  progress(): HostProgress {
    return this.host.progress();
  }
}
