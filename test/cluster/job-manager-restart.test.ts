/**
 * A restarted JobManager (issue 4): the job records in Redis tell it what ran, so `weir list` still
 * shows the finished jobs with their checkpoint history; a job that was running when its JobManager
 * was killed with SIGKILL runs again from its latest complete checkpoint once the TaskManagers
 * (which live on) register again, numbered past the old attempt so they drop its slots. A keyed
 * count into the transactional file sink commits exactly what a failure-free run commits. A
 * standby JobManager does the same when it takes over from a leader that was killed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleJobFile } from '@weir/runtime';
import { Redis } from 'ioredis';
import { weir } from '../cli/weir-process';
import { runOnCluster } from './cluster-job-runs';
import { TestCluster } from './cluster-processes';
import { committedLines, expectedCountLines } from './committed-output';

const ROOT = path.resolve(__dirname, '../..');
const REDIS_URL = 'redis://127.0.0.1:6379';
const CHECKPOINTED_COUNT = path.join(__dirname, 'fixtures', 'checkpointed-count.ts');
/** Short, so a standby takes over soon after the leader is killed (and a restarted one starts soon). */
const LEADER_LEASE_MS = 1500;
const cluster = new TestCluster(`jm-restart-${process.pid}`, ['--leader-lease-ms', String(LEADER_LEASE_MS)]);
beforeAll(() => cluster.start(2, 2));
afterAll(() => cluster.stop());

let out: string;
beforeEach(() => (out = mkdtempSync(path.join(tmpdir(), 'weir-jm-restart-'))));
afterEach(() => rmSync(out, { recursive: true, force: true }));

async function killJobManager(): Promise<void> {
  cluster.jobManager.child.kill('SIGKILL');
  await cluster.jobManager.exited;
}

async function restartJobManager(): Promise<void> {
  await killJobManager();
  await cluster.startJobManager();
}

/** A second JobManager stands by (it does not listen) while the leader lives, and leads once it is killed. */
async function failOverToStandby(): Promise<void> {
  const standby = cluster.launchJobManager();
  await cluster.waitFor(() => (/Standing by: the JobManager \S+ leads/.test(standby.output()) ? true : undefined));
  expect(standby.output()).not.toContain('listening');
  await killJobManager();
  const killedAt = Date.now();
  await cluster.follow(standby);
  // The lease runs out first; then the standby starts (connectors, Nest) as any JobManager does.
  expect(Date.now() - killedAt).toBeGreaterThanOrEqual(LEADER_LEASE_MS / 2);
}

it.each([
  ['started again', restartJobManager],
  ['replaced by a standby', failOverToStandby],
])(
  'resumes a running job from its latest complete checkpoint when its JobManager is killed and %s: every count committed exactly once',
  async (_, replaceJobManager) => {
    const events = 24_000;
    const bundle = await bundleJobFile(CHECKPOINTED_COUNT);
    const args = { events: String(events), rate: '3000', interval: '300', out };
    const { jobId } = await cluster.client.submit({ bundle, args, parallelism: 2 });
    const completed = async () => (await cluster.client.checkpoints(jobId)).filter((c) => c.status === 'completed');
    await cluster.waitFor(async () => ((await completed()).length >= 3 ? true : undefined), 30_000);
    const before = await cluster.client.job(jobId);
    const historyBefore = await cluster.client.checkpoints(jobId);
    expect(before.status).toBe('running');
    // Mid-job: part of the output is committed (a run from the beginning would commit it twice), much is to come.
    expect(committedLines(out).length).toBeGreaterThan(0);
    expect(before.recordsFromSources).toBeLessThan(events / 2);

    await replaceJobManager();

    // Running again, as every client sees it, in attempts past the old one.
    const resumed = await cluster.waitFor(async () => {
      const job = await cluster.client.job(jobId);
      return job.status === 'running' ? job : undefined;
    }, 30_000);
    expect(resumed.attempt).toBe(before.attempt + 1);
    // The history of the JobManager that died is kept; what it had in progress failed with it.
    const history = await cluster.client.checkpointHistory(jobId);
    const completedBefore = historyBefore.filter((c) => c.status === 'completed').map((c) => c.id);
    expect(
      history.checkpoints.filter((c) => completedBefore.includes(c.id)).every((c) => c.status === 'completed'),
    ).toBe(true);
    for (const c of history.checkpoints.filter((c) => c.id <= historyBefore.at(-1)!.id)) {
      expect(c.status === 'in-progress').toBe(false);
      if (c.status === 'failed') expect(c.failure).toMatch(/JobManager running it stopped|stopped its attempt/);
    }
    expect(history.counts.completed).toBeGreaterThanOrEqual(completedBefore.length);

    const ended = await cluster.waitFor(async () => {
      const job = await cluster.client.job(jobId);
      return job.status === 'finished' || job.status === 'failed' ? job : undefined;
    }, 60_000);
    expect(ended.error).toBeUndefined();
    expect(ended.status).toBe('finished');
    expect(committedLines(out)).toEqual(expectedCountLines(events));
    // New checkpoints went on past the ids the dead JobManager used.
    const after = await cluster.client.checkpointHistory(jobId);
    const newIds = after.checkpoints.filter((c) => c.id > historyBefore.at(-1)!.id && c.status === 'completed');
    expect(newIds.length).toBeGreaterThan(0);
    expect(after.counts.latestCompleted?.id).toBe(newIds.at(-1)!.id);
    // The old attempt's slots were dropped: only the resumed attempt ran to the end.
    await cluster.waitFor(async () => {
      const tms = await cluster.client.taskManagers();
      return tms.length === 2 && tms.every((tm) => tm.runningSlots === 0) ? true : undefined;
    });
  },
  120_000,
);

it('lists what ran before the restart with its checkpoints, resumes what was running, and cancels it', async () => {
  const wordCount = path.join(ROOT, 'examples', 'word-count.ts');
  const finished = await runOnCluster(cluster.client, wordCount, {}, 2);
  expect(finished.job.status).toBe('finished');
  const countArgs = { events: '4000', rate: '4000', interval: '200', out };
  const counted = await runOnCluster(cluster.client, CHECKPOINTED_COUNT, countArgs, 2);
  expect(counted.job.status).toBe('finished');
  const countHistory = await cluster.client.checkpointHistory(counted.jobId);
  expect(countHistory.counts.completed).toBeGreaterThan(0);
  const bundle = await bundleJobFile(path.join(__dirname, 'fixtures', 'unbounded-count.ts'));
  const { jobId: runningId } = await cluster.client.submit({ bundle, args: {}, parallelism: 2 });
  await cluster.waitFor(async () => ((await cluster.client.job(runningId)).status === 'running' ? true : undefined));

  await restartJobManager();

  const jobs = await cluster.client.list();
  expect(jobs.find((job) => job.jobId === finished.jobId)).toMatchObject({ jobName: 'word-count', status: 'finished' });
  // A finished job's checkpoint history outlives the JobManager, in Redis.
  expect(await cluster.client.checkpointHistory(counted.jobId)).toEqual(countHistory);
  const table = await weir(['list', '--checkpoints', counted.jobId, '--jobmanager', cluster.url]);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/^ID\s+STATUS\s+TRIGGERED/);
  expect(table.stdout).toContain(`\n${countHistory.counts.completed} completed, ${countHistory.counts.failed} failed`);

  await cluster.waitFor(async () => ((await cluster.client.job(runningId)).status === 'running' ? true : undefined));
  const listed = await weir(['list', '--jobmanager', cluster.url]);
  expect(listed.stdout).toMatch(new RegExp(`${runningId}\\s+unbounded-count\\s+running`));
  const canceled = await weir(['cancel', runningId, '--jobmanager', cluster.url]);
  expect(canceled.code).toBe(0);
  expect((await cluster.client.job(runningId)).status).toBe('canceled');
  await cluster.waitFor(async () => {
    const tms = await cluster.client.taskManagers();
    return tms.length === 2 && tms.every((tm) => tm.runningSlots === 0 && tm.freeSlots === 2) ? true : undefined;
  });
  const after = await runOnCluster(cluster.client, wordCount, {}, 2);
  expect(after.job.status).toBe('finished');
}, 120_000);

it('fails, rather than run again from its beginning, a job whose JobManager died as it released its checkpoints', async () => {
  const events = 4000;
  const counted = await runOnCluster(
    cluster.client,
    CHECKPOINTED_COUNT,
    { events: String(events), rate: '4000', interval: '200', out },
    2,
  );
  expect(counted.job.status).toBe('finished');
  expect((await cluster.client.checkpointHistory(counted.jobId)).counts.completed).toBeGreaterThan(0);
  // What a JobManager killed between releasing the checkpoints and recording the end leaves in Redis.
  const redis = new Redis(REDIS_URL);
  try {
    const record = JSON.parse((await redis.get(`weir:{${counted.jobId}}:job`))!) as Record<string, unknown>;
    await redis.set(
      `weir:{${counted.jobId}}:job`,
      JSON.stringify({ ...record, status: 'running', endedAt: undefined }),
    );
  } finally {
    redis.disconnect();
  }

  await restartJobManager();

  expect(await cluster.client.job(counted.jobId)).toMatchObject({
    status: 'failed',
    error:
      'The JobManager restarted while the job was running, and could not resume it: its checkpoints were already ' +
      'released: it was ending (whether it finished is not known), and run again from its beginning it would repeat its output',
  });
  expect(committedLines(out)).toEqual(expectedCountLines(events));
}, 120_000);

it('refuses the checkpoints of a job it does not know, naming it', async () => {
  await expect(cluster.client.checkpointHistory('no-such-job')).rejects.toThrow(/No job with id 'no-such-job'/);
});

it('stops a JobManager that finds its lease taken by another, so that two never lead at once', async () => {
  const redis = new Redis(REDIS_URL);
  try {
    // The lease as leader-election.ts keeps it, now naming another JobManager.
    await redis.set(`weir:${cluster.clusterId}:leader`, 'another-jobmanager', 'PX', 60_000);
    expect(await cluster.jobManager.exited).toBe(75);
    expect(cluster.jobManager.output()).toContain('lost the leadership to another-jobmanager');
  } finally {
    await redis.del(`weir:${cluster.clusterId}:leader`);
    redis.disconnect();
  }
});
