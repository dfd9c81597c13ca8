/**
 * A slot's side of its job's checkpoints: it stores each of its subtasks' snapshots in the job's
 * checkpoint storage itself and tells the coordinator only the blob's digest, so state never travels
 * through the JobManager. A subtask may take its snapshot before the slot hears where checkpoint `n`
 * goes (the barrier comes on the data plane, the location on the control plane): it then waits.
 */
import type { SlotCheckpointReport } from '@weir/cluster';
import {
  digestOf,
  type CheckpointMetrics,
  type CoordinatorGateway,
  type SnapshotLocation,
  type SnapshotStore,
  type SubtaskAddress,
} from '@weir/runtime';

export class SlotSnapshotUploads {
  private readonly locations = new Map<number, SnapshotLocation>();
  private readonly waiting = new Map<number, (() => void)[]>();

  constructor(
    private readonly store: SnapshotStore,
    private readonly report: (report: SlotCheckpointReport) => void,
  ) {}

  /** The gateway the slot's subtasks use: `inner`, but acknowledgements store the snapshot first. */
  gateway(inner: CoordinatorGateway): CoordinatorGateway {
    return {
      ...inner,
      acknowledgeCheckpoint: (task, checkpointId, state, metrics) => this.upload(task, checkpointId, state, metrics),
    };
  }

  /** Checkpoint `checkpointId` goes to `location`. */
  locate(checkpointId: number, location: SnapshotLocation): void {
    this.locations.set(checkpointId, location);
    const waiting = this.waiting.get(checkpointId) ?? [];
    this.waiting.delete(checkpointId);
    for (const upload of waiting) upload();
  }

  /** Checkpoint `checkpointId` is complete: what was kept for it and older ones is dropped. */
  completed(checkpointId: number): void {
    for (const id of this.locations.keys()) if (id <= checkpointId) this.locations.delete(id);
    for (const id of this.waiting.keys()) if (id <= checkpointId) this.waiting.delete(id);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private upload(task: SubtaskAddress, checkpoint: number, state: Uint8Array, metrics: CheckpointMetrics): void {
    const location = this.locations.get(checkpoint);
    if (location === undefined) {
      const waiting = this.waiting.get(checkpoint) ?? [];
      waiting.push(() => this.upload(task, checkpoint, state, metrics));
      this.waiting.set(checkpoint, waiting);
      return;
    }
    const digest = digestOf(state);
    this.store.putState(location, task.vertex, task.subtask, state).then(
      () => this.report({ t: 'ack-stored', task, checkpoint, digest, metrics }),
      (error: unknown) => this.report({ t: 'upload-failed', task, checkpoint, reason: (error as Error).message }),
    );
  }
}
