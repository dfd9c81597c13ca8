/**
 * A job's checkpoint history in the cluster's Redis (CheckpointHistoryStore): bounded to the last
 * CHECKPOINT_HISTORY_SIZE entries, an entry replaced as its checkpoint completes or fails, counts
 * and the latest of each kept over the job's life, and what a dead JobManager had in progress failed.
 */
import { JobManagerConfig, loadConfig } from '@weir/cluster';
import { CHECKPOINT_HISTORY_SIZE, type CheckpointStats } from '@weir/runtime';
import { Redis } from 'ioredis';
import { CheckpointHistoryStore } from '../../apps/jobmanager/src/checkpoint-history-store';
import { ensureRedisServer } from '../support/redis-server';

const jobId = `history-${process.pid}`;
let store: CheckpointHistoryStore;
let redis: Redis;

beforeAll(async () => {
  const redisUrl = await ensureRedisServer();
  store = new CheckpointHistoryStore(loadConfig(JobManagerConfig, 'JobManager', { argv: ['--redis-url', redisUrl] }));
  await store.connect();
  redis = new Redis(redisUrl);
});

afterAll(async () => {
  await redis.del(`weir:{${jobId}}:checkpoints`, `weir:{${jobId}}:checkpoint-counts`);
  redis.disconnect();
  await store.onApplicationShutdown();
});

function entry(id: number, status: CheckpointStats['status']): CheckpointStats {
  return {
    id,
    savepoint: false,
    status,
    triggeredAt: 1_000 + id,
    durationMs: status === 'in-progress' ? undefined : 5,
    sizeBytes: 10 * id,
    alignmentMs: {},
    syncMs: { '1.0': 1 },
    location: status === 'completed' ? `redis key weir:{${jobId}}:chk:${id}` : undefined,
    failure: status === 'failed' ? `checkpoint ${id} timed out` : undefined,
  };
}

it('keeps the last entries, each as last recorded, and counts over the whole life', async () => {
  const total = CHECKPOINT_HISTORY_SIZE + 20;
  for (let id = 1; id <= total; id++) {
    store.record(jobId, entry(id, 'in-progress'));
    store.record(jobId, entry(id, id % 10 === 0 ? 'failed' : 'completed'));
  }
  store.record(jobId, entry(total + 1, 'in-progress'));

  const { checkpoints, counts } = await store.history(jobId);
  expect(checkpoints).toHaveLength(CHECKPOINT_HISTORY_SIZE);
  expect(checkpoints.map((c) => c.id)).toEqual(
    Array.from({ length: CHECKPOINT_HISTORY_SIZE }, (_, i) => total + 1 - CHECKPOINT_HISTORY_SIZE + 1 + i),
  );
  expect(checkpoints.at(-2)).toEqual(entry(total, 'failed'));
  expect(counts).toEqual({
    completed: total - total / 10,
    failed: total / 10,
    inProgress: 1,
    latestCompleted: entry(total - 1, 'completed'),
    latestFailed: entry(total, 'failed'),
  });
});

it('fails what a dead JobManager had in progress, and tells the highest id it used', async () => {
  const highest = await store.interrupt(jobId, 'the JobManager running it stopped while it was in progress');
  expect(highest).toBe(CHECKPOINT_HISTORY_SIZE + 21);
  const { checkpoints, counts } = await store.history(jobId);
  expect(checkpoints.at(-1)).toMatchObject({
    id: highest,
    status: 'failed',
    failure: 'the JobManager running it stopped while it was in progress',
  });
  expect(counts.inProgress).toBe(0);
  expect(counts.latestFailed?.id).toBe(highest);
});

it('has an empty history for a job that took no checkpoint', async () => {
  expect(await store.history(`${jobId}-none`)).toEqual({
    checkpoints: [],
    counts: { completed: 0, failed: 0, inProgress: 0, latestCompleted: undefined, latestFailed: undefined },
  });
  expect(await store.interrupt(`${jobId}-none`, 'stopped')).toBe(0);
});
