import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectorySnapshotStore } from './directory-snapshot-store';
import { MemorySnapshotStore } from './memory-snapshot-store';
import { checkpointLocation, type SnapshotStore } from './snapshot-store';

/** Buffers (the directory store reads files) compare by their bytes. */
const bytes = (b: Uint8Array | undefined) => (b === undefined ? undefined : Array.from(b));

const root = mkdtempSync(join(tmpdir(), 'weir-stores-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each([
  ['memory', () => new MemorySnapshotStore()],
  ['directory', () => new DirectorySnapshotStore(root, 'job-1')],
])('%s snapshot store', (_kind, create: () => SnapshotStore) => {
  it('keeps blobs and metadata per snapshot, lists complete checkpoints, and discards one whole', async () => {
    const store = create();
    for (const id of [2, 1, 3]) {
      await store.putState(checkpointLocation(id), 4, 0, new Uint8Array([id, 0]));
      await store.putState(checkpointLocation(id), 4, 1, new Uint8Array([id, 1]));
      if (id !== 3) await store.putMetadata(checkpointLocation(id), new Uint8Array([id]));
    }
    // Checkpoint 3 has blobs but no metadata: it is not complete.
    expect(await store.completedCheckpoints()).toEqual([1, 2]);
    expect(bytes(await store.getState(checkpointLocation(2), 4, 1))).toEqual([2, 1]);
    expect(await store.getMetadata(checkpointLocation(3))).toBeUndefined();
    await store.discard(checkpointLocation(1));
    expect(await store.completedCheckpoints()).toEqual([2]);
    expect(await store.getState(checkpointLocation(1), 4, 0)).toBeUndefined();
    const savepoint = { kind: 'savepoint', name: 'before-upgrade' } as const;
    await store.putState(savepoint, 4, 0, new Uint8Array([7]));
    await store.putMetadata(savepoint, new Uint8Array([8]));
    expect(bytes(await store.getMetadata(savepoint))).toEqual([8]);
    expect(await store.completedCheckpoints()).toEqual([2]);
    await store.close();
  });
});

it('a directory store writes metadata by renaming it into place, and reads a savepoint by its path', async () => {
  const store = new DirectorySnapshotStore(root, 'job-2');
  await store.putMetadata(checkpointLocation(1), new Uint8Array([1]));
  expect(readdirSync(join(root, 'job-2', 'chk-1'))).toEqual(['_metadata']);
  await store.putMetadata({ kind: 'savepoint', name: 'sp' }, new Uint8Array([2]));
  const elsewhere = new DirectorySnapshotStore('/', 'another-job');
  const path = store.describe({ kind: 'savepoint', name: 'sp' });
  expect(path).toBe(join(root, 'savepoints', 'sp'));
  expect(bytes(await elsewhere.getMetadata({ kind: 'savepoint', name: path }))).toEqual([2]);
});
