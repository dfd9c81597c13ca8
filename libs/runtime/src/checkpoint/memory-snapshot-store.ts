import type { SnapshotLocation, SnapshotStore } from './snapshot-store';

/** Snapshots in this process's memory: embedded mode's default, gone with the process. */
export class MemorySnapshotStore implements SnapshotStore {
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly metadata = new Map<string, Uint8Array>();

  async putState(location: SnapshotLocation, vertex: number, subtask: number, bytes: Uint8Array): Promise<void> {
    this.blobs.set(blobKey(location, vertex, subtask), bytes);
  }

  async getState(location: SnapshotLocation, vertex: number, subtask: number): Promise<Uint8Array | undefined> {
    return this.blobs.get(blobKey(location, vertex, subtask));
  }

  async putMetadata(location: SnapshotLocation, metadata: Uint8Array): Promise<void> {
    this.metadata.set(locationKey(location), metadata);
  }

  async getMetadata(location: SnapshotLocation): Promise<Uint8Array | undefined> {
    return this.metadata.get(locationKey(location));
  }

  async completedCheckpoints(): Promise<number[]> {
    const ids: number[] = [];
    for (const key of this.metadata.keys()) if (key.startsWith('chk:')) ids.push(Number(key.slice(4)));
    return ids.sort((a, b) => a - b);
  }

  async discard(location: SnapshotLocation): Promise<void> {
    const key = locationKey(location);
    this.metadata.delete(key);
    for (const blob of [...this.blobs.keys()]) if (blob.startsWith(`${key}:`)) this.blobs.delete(blob);
  }

  describe(location: SnapshotLocation): string {
    return `memory:${locationKey(location)}`;
  }

  async close(): Promise<void> {}
}

function locationKey(location: SnapshotLocation): string {
  return location.kind === 'checkpoint' ? `chk:${location.id}` : `savepoint:${location.name}`;
}

function blobKey(location: SnapshotLocation, vertex: number, subtask: number): string {
  return `${locationKey(location)}:${vertex}:${subtask}`;
}
