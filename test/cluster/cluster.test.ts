/**
 * The cluster (issue 3): a JobManager and two TaskManagers as separate OS processes on the machine's
 * NATS and Redis. Jobs give the results they give embedded; cancellation frees the slots; a job
 * that cannot load, or asks for more slots than there are, fails alone with a clear message.
 */
import { decodeControl, encodeControl, jobManagerSubject, JobManagerRequestError, type JobDetail } from '@weir/cluster';
import { bundleJobFile, dataSubject } from '@weir/runtime';
import { connect } from 'nats';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { runJobFile, withoutSubtask } from '../../examples/testing/run-job-file';
import { weir } from '../cli/weir-process';
import { NATS_URL } from '../support/nats-server';
import { collectedValues, runOnCluster } from './cluster-job-runs';
import { TestCluster } from './cluster-processes';

const ROOT = path.resolve(__dirname, '../..');
const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
const SLOT_WAIT_TIMEOUT_MS = 4000;

const cluster = new TestCluster(`test-${process.pid}`, ['--slot-wait-timeout-ms', String(SLOT_WAIT_TIMEOUT_MS)]);
beforeAll(() => cluster.start(2, 2));
afterAll(() => cluster.stop());

function lines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(withoutSubtask)
    .sort();
}

/** Runs a program with `node`, as its user would, and gives back its exit code and output. */
function runNode(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout) =>
      resolve({ code: error === null ? 0 : (error.code as number), stdout }),
    );
  });
}

async function freeSlots(): Promise<number[]> {
  return (await cluster.client.taskManagers()).map((tm) => tm.freeSlots);
}

describe('a cluster of a JobManager and two TaskManagers', () => {
  it('registers both TaskManagers with their slots', async () => {
    const taskManagers = await cluster.client.taskManagers();
    expect(taskManagers.map((tm) => [tm.tmId, tm.slots, tm.freeSlots]).sort()).toEqual([
      ['tm-1', 2, 2],
      ['tm-2', 2, 2],
    ]);
    expect(new Set(taskManagers.map((tm) => tm.pid)).size).toBe(2);
  });

  it.each(['word-count.ts', 'click-average.ts', 'fraud-detection.ts', 'session-windows.ts'])(
    'prints what the embedded run prints: examples/%s at parallelism 4',
    async (example) => {
      const file = path.join(ROOT, 'examples', example);
      const onCluster = await runOnCluster(cluster.client, file, {}, 4);
      expect(onCluster.job.status).toBe('finished');
      const printed = lines(onCluster.printed);
      expect(printed.length).toBeGreaterThan(0);
      const embedded = await runJobFile(file, { parallelism: 4, expectedLines: printed.length });
      expect(printed).toEqual(embedded.sort());
      // Both TaskManagers ran a share of the subtasks.
      const detail = await cluster.client.job(onCluster.jobId);
      expect(new Set(detail.subtasks.map((s) => s.taskManager))).toEqual(new Set(['tm-1', 'tm-2']));
      expect(detail.subtasks.every((s) => s.state === 'finished')).toBe(true);
    },
  );

  it.each([
    ['q5', '200000'],
    ['q7', '600000'],
    ['q8', '40000'],
  ])('prints what the embedded run prints: Nexmark %s at parallelism 4', async (query, events) => {
    const job = ['run', fixture('nexmark-print.ts'), '-p', '4', '--query', query, '--events', events];
    const onCluster = await weir([...job, '--jobmanager', cluster.url]);
    expect(onCluster.stderr).toMatch(
      /Job 'nexmark-print' finished in \S+ s: [\d,]+ records from sources, [\d,]+ to sinks/,
    );
    expect(onCluster.code).toBe(0);
    const embedded = await weir(job);
    expect(embedded.code).toBe(0);
    // The same counts too: records from the sources and to the sinks.
    const counts = (stderr: string) => /finished in \S+ s: (.*)\n/.exec(stderr)?.[1];
    expect(counts(onCluster.stderr)).toBe(counts(embedded.stderr));
    const printed = lines(onCluster.stdout);
    expect(printed.length).toBeGreaterThanOrEqual(5);
    expect(printed).toEqual(lines(embedded.stdout));
  });

  it('carries batches larger than a NATS message between TaskManagers, in fragments', async () => {
    const events = 20_000;
    const run = await runOnCluster(cluster.client, fixture('big-records.ts'), { events: String(events) }, 2);
    expect(run.job.status).toBe('finished');
    const finals = new Map<number, { sum: number; bytes: number }>();
    for (const total of collectedValues<{ key: number; sum: number; bytes: number }>(run.graph))
      finals.set(total.key, total);
    const expected = new Map<number, { sum: number; bytes: number }>();
    for (let i = 0; i < events; i++) {
      const e = expected.get(i % 7) ?? { sum: 0, bytes: 0 };
      expected.set(i % 7, { sum: e.sum + i, bytes: e.bytes + 4096 + String(i).length });
    }
    expect([...finals].sort(([a], [b]) => a - b).map(([key, t]) => [key, t.sum, t.bytes])).toEqual(
      [...expected].sort(([a], [b]) => a - b).map(([key, t]) => [key, t.sum, t.bytes]),
    );
  });

  it('cancels a running unbounded job: every subtask stops, its slots are freed, and a waiting job then runs', async () => {
    const bundle = await bundleJobFile(fixture('unbounded-count.ts'));
    const { jobId } = await cluster.client.submit({ bundle, args: {}, parallelism: 4 });
    const running = await cluster.waitFor(async () => {
      const detail = await cluster.client.job(jobId);
      return detail.status === 'running' && detail.subtasks.every((s) => s.state === 'running') ? detail : undefined;
    });
    expect(running.subtasks.length).toBeGreaterThanOrEqual(4);
    expect(await freeSlots()).toEqual([0, 0]);

    // A second job needs the same four slots: it waits, and says for what.
    const second = runOnCluster(cluster.client, path.join(ROOT, 'examples', 'word-count.ts'), {}, 4);
    const waiting = await cluster.waitFor(async () =>
      (await cluster.client.list()).find(
        (job) => job.jobName === 'word-count' && job.status === 'created' && job.error !== undefined,
      ),
    );
    expect(waiting.error).toMatch(/^waiting for 4 free slots: the cluster has 0 free of 4 on 2 TaskManagers$/);

    const canceled = await cluster.client.cancel(jobId);
    expect(canceled.status).toBe('canceled');
    const detail: JobDetail = await cluster.client.job(jobId);
    expect(detail.subtasks.map((s) => s.state)).toEqual(detail.subtasks.map(() => 'canceled'));

    const { job, printed } = await second;
    expect(job.status).toBe('finished');
    expect(lines(printed)).toContain("{ word: 'question', count: 1 }");
    await cluster.waitFor(async () => ((await freeSlots()).join() === '2,2' ? true : undefined));
  });

  it("drops garbage published on a running job's data subject, counts it, and the job goes on", async () => {
    const bundle = await bundleJobFile(fixture('unbounded-count.ts'));
    const { jobId } = await cluster.client.submit({ bundle, args: {}, parallelism: 4 });
    const running = await cluster.waitFor(async () => {
      const detail = await cluster.client.job(jobId);
      return detail.subtasks.every((s) => s.state === 'running') ? detail : undefined;
    });
    const publisher = await connect({ servers: NATS_URL });
    try {
      const scope = { clusterId: cluster.clusterId, jobId, attempt: running.attempt };
      const receiver = { vertex: running.vertices.at(-1)!.id, subtask: 1 };
      publisher.publish(dataSubject(scope, receiver), new TextEncoder().encode('{"records": "not really"}'));
      publisher.publish(dataSubject(scope, receiver), Uint8Array.of(0x57, 1, 2));
      await publisher.flush();
      const counted = await cluster.waitFor(async () => {
        const detail = await cluster.client.job(jobId);
        return detail.droppedMessages === 2 ? detail : undefined;
      });
      const later = await cluster.waitFor(async () => {
        const detail = await cluster.client.job(jobId);
        return detail.recordsFromSources > counted.recordsFromSources + 5000 ? detail : undefined;
      });
      expect(later.status).toBe('running');
    } finally {
      await publisher.drain();
      await cluster.client.cancel(jobId);
    }
    await cluster.waitFor(async () => ((await freeSlots()).join() === '2,2' ? true : undefined));
  });

  it('fails a job whose bundle throws while loading on a TaskManager, with that error, and stays healthy', async () => {
    const run = await runOnCluster(cluster.client, fixture('throws-on-task-manager.ts'), {}, 2);
    expect(run.job.status).toBe('failed');
    expect(run.job.error).toMatch(/failed while loading: Error: this job refuses to load in a slot/);
    expect(run.failure?.name).toBe('JobExecutionError');
    const listed = (await cluster.client.list()).find((job) => job.jobId === run.jobId);
    expect(listed).toMatchObject({ status: 'failed', error: expect.stringMatching(/refuses to load in a slot/) });

    await cluster.waitFor(async () => ((await freeSlots()).join() === '2,2' ? true : undefined));
    const next = await runOnCluster(cluster.client, path.join(ROOT, 'examples', 'word-count.ts'), {}, 4);
    expect(next.job.status).toBe('finished');
  });

  it('refuses a bundle the JobManager cannot load, with the reason, and lists it as failed', async () => {
    const bundle = await bundleJobFile(path.join(ROOT, 'test', 'cli', 'fixtures', 'no-default-export-job.ts'));
    const error = await cluster.client.submit({ bundle, args: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobManagerRequestError);
    expect((error as JobManagerRequestError).status).toBe(400);
    expect((error as Error).message).toMatch(/has no default export/);
    const listed = (await cluster.client.list()).find((job) => job.jobName === 'no-default-export-job');
    expect(listed).toMatchObject({ status: 'failed', error: expect.stringMatching(/has no default export/) });
  });

  it('lets a job that needs more slots than the cluster has wait with a clear status, then fails it', async () => {
    const started = Date.now();
    const run = runOnCluster(cluster.client, path.join(ROOT, 'examples', 'word-count.ts'), {}, 8);
    const waiting = await cluster.waitFor(async () =>
      (await cluster.client.list()).find(
        (job) => job.slots === 8 && job.status === 'created' && job.error !== undefined,
      ),
    );
    expect(waiting.error).toBe('waiting for 8 free slots: the cluster has 4 free of 4 on 2 TaskManagers');
    const { job } = await run;
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/waiting for 8 free slots.*gave up after 4000 ms \(slotWaitTimeoutMs\)/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOT_WAIT_TIMEOUT_MS);
  });

  it('runs a program whose environment is the cluster (WEIR_JOBMANAGER) as it runs embedded', async () => {
    const program = fixture('word-lengths-program.js');
    const onCluster = await runNode(program, { WEIR_JOBMANAGER: cluster.url });
    const embedded = await runNode(program, { WEIR_JOBMANAGER: '' });
    expect(onCluster).toEqual({ code: 0, stdout: '[[1,2],[2,2],[3,2],[4,1]]\n' });
    expect(embedded).toEqual(onCluster);
    const listed = (await cluster.client.list()).find((job) => job.jobName === 'Weir Streaming Job');
    expect(listed?.status).toBe('finished');
  });

  it("gives such a program its job's checkpoint history and savepoints through the JobClient, as embedded", async () => {
    const program = fixture('checkpointed-program.js');
    const onCluster = await runNode(program, { WEIR_JOBMANAGER: cluster.url });
    const embedded = await runNode(program, { WEIR_JOBMANAGER: '' });
    expect(onCluster).toEqual({ code: 0, stdout: '{"checkpointed":true,"savepointNamed":true}\n' });
    expect(embedded).toEqual(onCluster);
    const listed = (await cluster.client.list()).find((job) => job.jobName === 'checkpointed-program');
    expect(listed?.status).toBe('canceled');
  });

  it('answers on its NATS control subjects too: jm.list and jm.cancel', async () => {
    const connection = await connect({ servers: NATS_URL });
    try {
      const request = async <R>(verb: 'list' | 'cancel', message: unknown): Promise<R> =>
        decodeControl<R>(
          (await connection.request(jobManagerSubject(cluster.clusterId, verb), encodeControl(message))).data,
        );
      const listed = await request<{ jobId: string }[]>('list', {});
      expect(listed.map((job) => job.jobId).sort()).toEqual(
        (await cluster.client.list()).map((job) => job.jobId).sort(),
      );
      const refused = await request<{ ok: false; error: { message: string } }>('cancel', { jobId: 'no-such-job' });
      expect(refused).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/No job with id 'no-such-job'/) },
      });
    } finally {
      await connection.drain();
    }
  });

  it('refuses a malformed submission with 400, naming the field', async () => {
    const post = async (body: unknown) => {
      const response = await fetch(`${cluster.url}/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, message: ((await response.json()) as { message: string | string[] }).message };
    };
    const bundle = { code: 'module.exports = 1;', sourceFile: '/jobs/job.ts' };
    expect(await post({ bundle, args: { events: 5 } })).toEqual({
      status: 400,
      message: ['args.events must be a string (job arguments are --name value pairs), not 5'],
    });
    expect(await post({ args: {} })).toMatchObject({
      status: 400,
      message: expect.arrayContaining([expect.stringMatching(/^bundle/)]),
    });
    expect(await post({ bundle, args: {}, parallelism: 0 })).toEqual({
      status: 400,
      message: ['parallelism must not be less than 1'],
    });
  });

  it('answers a cancel of an unknown job with 404 and what to do', async () => {
    const error = await cluster.client.cancel('no-such-job').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobManagerRequestError);
    expect((error as JobManagerRequestError).status).toBe(404);
    expect((error as Error).message).toMatch(
      /No job with id 'no-such-job' on this cluster; 'weir list' shows the jobs/,
    );
  });
});
