/**
 * Where checkpoints and savepoints are kept (DESIGN.md §6): the one thing besides the Transport that
 * differs between embedded mode (memory, a local directory) and a cluster (Redis). A snapshot is a
 * blob per subtask plus its metadata; writing the metadata is what makes it complete, atomically,
 * so a reader never sees a half-written snapshot as complete.
 */
export type SnapshotLocation = { readonly kind: 'checkpoint'; readonly id: number } | SavepointLocation;

/** A savepoint by name (kept under the store's savepoints) or, in a directory store, by absolute path. */
export interface SavepointLocation {
  readonly kind: 'savepoint';
  readonly name: string;
  /**
   * The job whose storage holds it, when that is not the reading job's: a cluster restores a new job
   * from another's savepoint in Redis (a directory keeps savepoints apart from jobs anyway).
   */
  readonly jobId?: string;
}

export interface SnapshotStore {
  /** Stores one subtask's blob of a snapshot. */
  putState(location: SnapshotLocation, vertex: number, subtask: number, bytes: Uint8Array): Promise<void>;
  getState(location: SnapshotLocation, vertex: number, subtask: number): Promise<Uint8Array | undefined>;
  /** Completes a snapshot: writes its metadata atomically; a checkpoint joins the complete ones. */
  putMetadata(location: SnapshotLocation, metadata: Uint8Array): Promise<void>;
  getMetadata(location: SnapshotLocation): Promise<Uint8Array | undefined>;
  /** The ids of the complete checkpoints, ascending. */
  completedCheckpoints(): Promise<number[]>;
  /** Deletes a snapshot, complete or partial: its metadata first, so it is never seen half deleted. */
  discard(location: SnapshotLocation): Promise<void>;
  /** Where a snapshot is, for messages (a directory, a Redis key). */
  describe(location: SnapshotLocation): string;
  close(): Promise<void>;
}

export function checkpointLocation(id: number): SnapshotLocation {
  return { kind: 'checkpoint', id };
}

export function describeLocation(location: SnapshotLocation): string {
  return location.kind === 'checkpoint' ? `checkpoint ${location.id}` : `savepoint '${location.name}'`;
}
