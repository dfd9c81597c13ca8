import type { SlotCheckpointReport } from '@weir/cluster';
import {
  checkpointLocation,
  coordinatorGatewayOver,
  digestOf,
  DirectorySnapshotStore,
  MemorySnapshotStore,
  type CoordinatorMessage,
  type SnapshotStore,
} from '@weir/runtime';
import { SlotSnapshotUploads } from './slot-snapshot-uploads';

const task = { vertex: 2, subtask: 1 };
const metrics = { alignmentMs: 3, snapshotMs: 5, syncMs: 1 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function uploadsInto(store: SnapshotStore) {
  const reports: (SlotCheckpointReport | CoordinatorMessage)[] = [];
  const uploads = new SlotSnapshotUploads(store, (r) => reports.push(r));
  const gateway = uploads.gateway(coordinatorGatewayOver((m) => reports.push(m)));
  return { uploads, gateway, reports };
}

describe('SlotSnapshotUploads', () => {
  it('stores a snapshot where its checkpoint goes, waiting for the location if the ack comes first, and acks with the digest', async () => {
    const store = new MemorySnapshotStore();
    const { uploads, gateway, reports } = uploadsInto(store);
    const state = new Uint8Array([1, 2, 3, 4, 5]);
    gateway.acknowledgeCheckpoint(task, 7, state, metrics);
    await settle();
    expect(reports).toEqual([]);

    uploads.locate(7, checkpointLocation(7));
    await settle();
    expect(reports).toEqual([{ t: 'ack-stored', task, checkpoint: 7, digest: digestOf(state), metrics }]);
    expect(await store.getState(checkpointLocation(7), 2, 1)).toEqual(state);
  });

  it('stores a savepoint under its name, and passes every other call through', async () => {
    const store = new MemorySnapshotStore();
    const { uploads, gateway, reports } = uploadsInto(store);
    uploads.locate(8, { kind: 'savepoint', name: 'nightly' });
    gateway.acknowledgeCheckpoint(task, 8, new Uint8Array([9]), metrics);
    gateway.taskRunning(task);
    await settle();
    expect(await store.getState({ kind: 'savepoint', name: 'nightly' }, 2, 1)).toEqual(new Uint8Array([9]));
    expect(reports.map((r) => r.t).sort()).toEqual(['ack-stored', 'running']);
  });

  it('drops what waits for a checkpoint once a later one completed', async () => {
    const store = new MemorySnapshotStore();
    const { uploads, gateway, reports } = uploadsInto(store);
    gateway.acknowledgeCheckpoint(task, 3, new Uint8Array([1]), metrics);
    uploads.completed(4);
    uploads.locate(3, checkpointLocation(3));
    await settle();
    expect(reports).toEqual([]);
    expect(await store.getState(checkpointLocation(3), 2, 1)).toBeUndefined();
  });

  it('reports a snapshot it could not store, with the reason', async () => {
    // /dev/null is no directory: the store cannot write below it.
    const { uploads, gateway, reports } = uploadsInto(new DirectorySnapshotStore('/dev/null/weir', 'job-x'));
    uploads.locate(5, checkpointLocation(5));
    gateway.acknowledgeCheckpoint(task, 5, new Uint8Array([1]), metrics);
    await settle();
    expect(reports).toEqual([
      { t: 'upload-failed', task, checkpoint: 5, reason: expect.stringContaining('/dev/null/weir') },
    ]);
  });
});
