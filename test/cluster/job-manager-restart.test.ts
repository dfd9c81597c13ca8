/**
 * A restarted JobManager (issue 3): the job records in Redis tell it what ran, so `weir list` still
 * shows the finished jobs, and a job that was running when it went down is reported failed (no
 * checkpoints yet to resume it from); its TaskManagers register again and run new jobs.
 */
import * as path from 'node:path';
import { bundleJobFile } from '@weir/runtime';
import { runOnCluster } from './cluster-job-runs';
import { TestCluster } from './cluster-processes';

const ROOT = path.resolve(__dirname, '../..');
const cluster = new TestCluster(`jm-restart-${process.pid}`);
beforeAll(() => cluster.start(1, 2));
afterAll(() => cluster.stop());

it('lists what ran before the restart, fails what was running, and goes on', async () => {
  const wordCount = path.join(ROOT, 'examples', 'word-count.ts');
  const finished = await runOnCluster(cluster.client, wordCount, {}, 2);
  expect(finished.job.status).toBe('finished');
  const bundle = await bundleJobFile(path.join(__dirname, 'fixtures', 'unbounded-count.ts'));
  const { jobId: runningId } = await cluster.client.submit({ bundle, args: {}, parallelism: 2 });
  await cluster.waitFor(async () => ((await cluster.client.job(runningId)).status === 'running' ? true : undefined));
  await cluster.waitFor(async () => ((await cluster.client.taskManagers())[0].runningSlots === 2 ? true : undefined));

  cluster.jobManager.child.kill('SIGKILL');
  await cluster.jobManager.exited;
  await cluster.startJobManager();

  const jobs = await cluster.client.list();
  expect(jobs.find((job) => job.jobId === finished.jobId)).toMatchObject({ jobName: 'word-count', status: 'finished' });
  expect(jobs.find((job) => job.jobId === runningId)).toMatchObject({
    jobName: 'unbounded-count',
    status: 'failed',
    error: 'The JobManager restarted while the job was running; it was not resumed.',
  });
  // The TaskManager comes back by its heartbeats; the new JobManager has it cancel the orphaned slots.
  await cluster.untilTaskManagers(1);
  await cluster.waitFor(async () => ((await cluster.client.taskManagers())[0].runningSlots === 0 ? true : undefined));
  const after = await runOnCluster(cluster.client, wordCount, {}, 2);
  expect(after.job.status).toBe('finished');
});
