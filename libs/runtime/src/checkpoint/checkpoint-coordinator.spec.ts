import { CheckpointError } from '@weir/common';
import { defaultExecutionConfig, type CheckpointConfig } from '@weir/core';
import type { CheckpointBarrier } from '../network/channel-event';
import { decodeMetadata } from './checkpoint-metadata';
import { CheckpointCoordinator } from './checkpoint-coordinator';
import { MemorySnapshotStore } from './memory-snapshot-store';
import { checkpointLocation, type SnapshotLocation } from './snapshot-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const METRICS = { alignmentMs: 0, snapshotMs: 1, syncMs: 1 };
const SOURCE = { vertex: 1, subtask: 0 };
const SINK = { vertex: 2, subtask: 0 };

function setUp(config: Partial<CheckpointConfig> = {}, store = new MemorySnapshotStore()) {
  const triggered: CheckpointBarrier[] = [];
  const completed: number[] = [];
  const failures: CheckpointError[] = [];
  const reported: string[] = [];
  const askedFinished: string[] = [];
  const coordinator = new CheckpointCoordinator({
    jobId: 'job',
    jobName: 'test-job',
    config: { ...defaultExecutionConfig(1).checkpoint, ...config },
    store,
    vertices: [
      { vertex: 1, name: 'Source', parallelism: 1, maxParallelism: 128, uids: ['source'] },
      { vertex: 2, name: 'Sink', parallelism: 1, maxParallelism: 128, uids: ['sink'] },
    ],
    triggerSources: (barrier) => {
      triggered.push(barrier);
      return { source: new Uint8Array([9]) };
    },
    triggerFinished: (task, barrier) => askedFinished.push(`${task.vertex}.${task.subtask}@${barrier.checkpointId}`),
    notifyComplete: (id) => completed.push(id),
    failJob: (error) => failures.push(error),
    onStats: (stats) => reported.push(`${stats.id} ${stats.status}`),
  });
  coordinator.start();
  return { coordinator, store, triggered, completed, failures, reported, askedFinished };
}

const ackAll = (coordinator: CheckpointCoordinator, id: number) => {
  coordinator.acknowledge(SOURCE, id, new Uint8Array([1, 2, 3]), METRICS);
  coordinator.acknowledge(SINK, id, new Uint8Array([4]), { alignmentMs: 5, snapshotMs: 1, syncMs: 1 });
};

describe('CheckpointCoordinator', () => {
  it('completes a checkpoint once every subtask acked: blobs stored, metadata written, subtasks notified', async () => {
    const { coordinator, store, triggered, completed } = setUp();
    const done = coordinator.trigger();
    expect(triggered.map((b) => b.checkpointId)).toEqual([1]);
    ackAll(coordinator, 1);
    const stats = await done;
    expect(stats).toEqual(
      expect.objectContaining({ id: 1, status: 'completed', sizeBytes: 4, alignmentMs: { '2.0': 5 } }),
    );
    expect(completed).toEqual([1]);
    expect(await store.completedCheckpoints()).toEqual([1]);
    const metadata = decodeMetadata((await store.getMetadata(checkpointLocation(1)))!, 'checkpoint 1');
    expect(metadata.vertices.map((v) => v.subtasks[0].size)).toEqual([3, 1]);
    expect(metadata.enumerators.source).toEqual(new Uint8Array([9]));
    expect(await store.getState(checkpointLocation(1), 1, 0)).toEqual(new Uint8Array([1, 2, 3]));
    coordinator.stop('test over');
  });

  it('reports each checkpoint when triggered and when it completes or fails, once', async () => {
    const { coordinator, reported } = setUp({ timeoutMs: 20, tolerableFailedCheckpoints: 5 });
    const first = coordinator.trigger();
    ackAll(coordinator, 1);
    await first;
    await expect(coordinator.trigger()).rejects.toThrow(/Checkpoint 2 of job 'test-job' failed/);
    expect(reported).toEqual(['1 in-progress', '1 completed', '2 in-progress', '2 failed']);
    coordinator.stop('test over');
  });

  it('aborts a checkpoint that times out, deletes its partial data, and fails the job past the tolerated failures', async () => {
    const { coordinator, store, failures } = setUp({ timeoutMs: 20, tolerableFailedCheckpoints: 1 });
    const first = coordinator.trigger();
    coordinator.acknowledge(SOURCE, 1, new Uint8Array([1]), METRICS);
    await expect(first).rejects.toThrow(/Checkpoint 1 of job 'test-job' failed: it did not complete within 20 ms/);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.getState(checkpointLocation(1), 1, 0)).toBeUndefined();
    expect(failures).toEqual([]);
    await expect(coordinator.trigger()).rejects.toThrow(CheckpointError);
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toMatch(/2 checkpoints in a row failed, more than the 1 tolerated/);
    coordinator.stop('test over');
  });

  it('fails a checkpoint whose upload fails, not the job when failures are tolerated', async () => {
    const store = new MemorySnapshotStore();
    store.putState = () => Promise.reject(new Error('disk full'));
    const { coordinator, failures } = setUp({ tolerableFailedCheckpoints: 3 }, store);
    const done = coordinator.trigger();
    ackAll(coordinator, 1);
    await expect(done).rejects.toThrow(/it could not be stored: disk full/);
    expect(failures).toEqual([]);
    expect(coordinator.history()[0].status).toBe('failed');
    coordinator.stop('test over');
  });

  it('holds periodic checkpoints off while suspended, a savepoint and those in flight going on, until resumed', async () => {
    const { coordinator, triggered, completed } = setUp({ intervalMs: 20 });
    const ids = () => triggered.map((b) => b.checkpointId);
    while (triggered.length === 0) await sleep(5);
    coordinator.suspend();
    // In flight when suspended: it completes, and nothing periodic follows it.
    ackAll(coordinator, 1);
    while (completed.length === 0) await sleep(5);
    await sleep(100);
    expect(ids()).toEqual([1]);
    const savepoint = coordinator.trigger('final');
    ackAll(coordinator, 2);
    expect(await savepoint).toEqual(expect.objectContaining({ id: 2, savepoint: true, status: 'completed' }));
    expect(completed).toEqual([1, 2]);
    await sleep(100);
    expect(ids()).toEqual([1, 2]);
    coordinator.resume();
    while (triggered.length === 2) await sleep(5);
    expect(ids()).toEqual([1, 2, 3]);
    coordinator.stop('test over');
  });

  it('keeps only the retained number of complete checkpoints', async () => {
    const { coordinator, store } = setUp({ retainedCheckpoints: 2 });
    for (let id = 1; id <= 4; id++) {
      const done = coordinator.trigger();
      ackAll(coordinator, id);
      await done;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.completedCheckpoints()).toEqual([3, 4]);
    expect(await store.getState(checkpointLocation(1), 1, 0)).toBeUndefined();
    coordinator.stop('test over');
  });

  it('takes a savepoint under its name, which retention leaves alone, and aborts on a decline without counting it', async () => {
    const { coordinator, store, failures } = setUp();
    const savepoint = coordinator.trigger('nightly');
    ackAll(coordinator, 1);
    expect((await savepoint).location).toBe('memory:savepoint:nightly');
    const location: SnapshotLocation = { kind: 'savepoint', name: 'nightly' };
    expect(await store.getMetadata(location)).toBeDefined();
    const declined = coordinator.trigger();
    coordinator.decline(SOURCE, 2, 'it has finished');
    await expect(declined).rejects.toThrow(/subtask 1.0 declined: it has finished/);
    expect(failures).toEqual([]);
    coordinator.stop('test over');
  });

  it('asks a subtask that finished for its final snapshot for each pending checkpoint it has not acked, and completes with it', async () => {
    const { coordinator, askedFinished, completed } = setUp({ maxConcurrentCheckpoints: 2 });
    const first = coordinator.trigger();
    const second = coordinator.trigger();
    coordinator.acknowledge(SINK, 1, new Uint8Array([4]), METRICS);
    coordinator.acknowledge(SOURCE, 1, new Uint8Array([1]), METRICS);
    await first;
    coordinator.subtaskFinished(SOURCE);
    coordinator.subtaskFinished(SINK);
    // Checkpoint 1 had both acks already; checkpoint 2 waits for both.
    expect(askedFinished).toEqual(['1.0@2', '2.0@2']);
    ackAll(coordinator, 2);
    expect((await second).status).toBe('completed');
    expect(completed).toEqual([1, 2]);
    coordinator.stop('test over');
  });

  it('gives a pending savepoint up when a subtask finishes, without counting a failure', async () => {
    const { coordinator, askedFinished, failures } = setUp();
    const savepoint = coordinator.trigger('before-end');
    coordinator.subtaskFinished(SOURCE);
    await expect(savepoint).rejects.toThrow(/subtask 1.0 finished before it was taken/);
    expect(askedFinished).toEqual([]);
    expect(failures).toEqual([]);
    coordinator.stop('test over');
  });
});
