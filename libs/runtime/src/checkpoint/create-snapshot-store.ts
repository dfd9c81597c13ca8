import type { CheckpointStorage } from '@weir/core';
import { DirectorySnapshotStore } from './directory-snapshot-store';
import { MemorySnapshotStore } from './memory-snapshot-store';
import { RedisSnapshotStore } from './redis-snapshot-store';
import type { SnapshotStore } from './snapshot-store';

/** The store the job's checkpoint config names (see CheckpointStorage). */
export function createSnapshotStore(storage: CheckpointStorage, jobId: string): SnapshotStore {
  switch (storage.kind) {
    case 'memory':
      return new MemorySnapshotStore();
    case 'directory':
      return new DirectorySnapshotStore(storage.path, jobId);
    case 'redis':
      return new RedisSnapshotStore(storage, jobId);
  }
}
