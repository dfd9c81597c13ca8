import type { JobGraph } from '../graph/job-graph';
import type { SubtaskAddress } from '../network/channel-event';
import type { CoordinatorGateway, SplitAssignment } from '../task/coordinator-gateway';
import type { HostHandle, HostProgress } from './host-handle';
import { TaskHost } from './task-host';

/**
 * Runs every subtask in the calling thread. Used for jobs declared inline (a test, a script) rather
 * than in a job module, since only a module can be loaded again in another thread.
 */
export class InlineHost implements HostHandle {
  private readonly host: TaskHost;

  constructor(jobGraph: JobGraph, attemptNumber: number, coordinator: CoordinatorGateway) {
    this.host = new TaskHost(jobGraph, attemptNumber, coordinator, 0, 1, undefined);
  }

  async deploy(): Promise<void> {
    this.host.deploy();
  }

  start(): void {
    this.host.start();
  }

  deliverSplits(to: SubtaskAddress, assignment: SplitAssignment): void {
    this.host.deliverSplits(to, assignment);
  }

  shutdown(): Promise<void> {
    return this.host.cancel();
  }

  progress(): HostProgress {
    return this.host.progress();
  }
}
