import { isAbsolute } from 'node:path';
import { DirectorySnapshotStore } from './directory-snapshot-store';
import type { SnapshotLocation, SnapshotStore } from './snapshot-store';

/**
 * The store a snapshot is read from: the job's own, except for a savepoint named by the absolute
 * path of its directory, which can be read whatever storage the job checkpoints to.
 */
export function snapshotStoreHolding(
  location: SnapshotLocation,
  jobStore: SnapshotStore,
  jobId: string,
): SnapshotStore {
  return location.kind === 'savepoint' && isAbsolute(location.name) ? new DirectorySnapshotStore('/', jobId) : jobStore;
}
