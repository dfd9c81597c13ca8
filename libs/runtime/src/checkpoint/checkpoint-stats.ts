/** How many entries a job's checkpoint history keeps (in memory, and in a cluster's Redis). */
export const CHECKPOINT_HISTORY_SIZE = 100;

/** One entry of a job's checkpoint history (what `weir list --checkpoints` and the REST API show). */
export interface CheckpointStats {
  readonly id: number;
  readonly savepoint: boolean;
  status: 'in-progress' | 'completed' | 'failed';
  readonly triggeredAt: number;
  durationMs: number | undefined;
  /** Bytes of all subtask blobs. */
  sizeBytes: number;
  /** Alignment time of each subtask that had to align, by `vertex.subtask`. */
  readonly alignmentMs: Record<string, number>;
  /** How long each subtask's processing stopped for its snapshot (the synchronous part), by `vertex.subtask`. */
  readonly syncMs: Record<string, number>;
  /** Where the snapshot is (a directory, a Redis key), once complete. */
  location: string | undefined;
  failure: string | undefined;
}

/** A job's checkpoint totals over its whole life, beyond the bounded history (Flink's checkpoint counts). */
export interface CheckpointCounts {
  completed: number;
  failed: number;
  inProgress: number;
  /** The newest completed checkpoint or savepoint, and the newest failed one, even when out of the history. */
  latestCompleted?: CheckpointStats;
  latestFailed?: CheckpointStats;
}

/** `GET /jobs/:id/checkpoints`: the last CHECKPOINT_HISTORY_SIZE entries, oldest first, and the counts. */
export interface CheckpointHistory {
  checkpoints: CheckpointStats[];
  counts: CheckpointCounts;
}
