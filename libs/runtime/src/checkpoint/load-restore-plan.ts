import type { CheckpointStorage } from '@weir/core';
import type { JobGraph } from '../graph/job-graph';
import { createSnapshotStore } from './create-snapshot-store';
import { planRestore, type RestorePlan } from './restore-plan';
import { loadSnapshot } from './snapshot-loader';
import type { SnapshotLocation } from './snapshot-store';
import { snapshotStoreHolding } from './snapshot-store-holding';

/** Which snapshot a host's subtasks start from, as the coordinator chose it. */
export interface RestoreSource {
  readonly location: SnapshotLocation;
  readonly allowNonRestoredState: boolean;
}

/**
 * The restore plan of a host in another process (a TaskManager slot): it reads the snapshot the
 * coordinator chose from the job's storage itself, so state never travels through the coordinator.
 */
export async function loadRestorePlan(
  storage: CheckpointStorage,
  jobId: string,
  source: RestoreSource,
  graph: JobGraph,
): Promise<RestorePlan> {
  const jobStore = createSnapshotStore(storage, jobId);
  const store = snapshotStoreHolding(source.location, jobStore, jobId);
  try {
    return planRestore(await loadSnapshot(store, source.location), graph, source.allowNonRestoredState);
  } finally {
    await jobStore.close();
    if (store !== jobStore) await store.close();
  }
}
