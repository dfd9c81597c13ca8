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
