/**
 * Savepoints of cluster jobs through the command line (issue 4): `weir savepoint`, `weir stop
 * --savepoint`, `weir list --checkpoints`, and `weir run --jobmanager --from-savepoint` at another
 * parallelism (key groups redistributed), with the file sink's committed output exact across the
 * stop and the restore; a savepoint that does not fit the job is refused, naming the operator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { weir } from '../cli/weir-process';
import { runOnCluster } from './cluster-job-runs';
import { TestCluster } from './cluster-processes';
import { committedLines, expectedCountLines } from './committed-output';

const COUNT = 'test/cluster/fixtures/checkpointed-count.ts';
const Q5 = 'test/cluster/fixtures/checkpointed-q5.ts';

const cluster = new TestCluster(`savepoints-${process.pid}`);
beforeAll(() => cluster.start(2, 2));
afterAll(() => cluster.stop());

let out: string;
beforeAll(() => (out = mkdtempSync(path.join(tmpdir(), 'weir-cluster-sp-'))));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('savepoints on the cluster', () => {
  it('stop --savepoint at p=2, run --from-savepoint at p=4: every count committed exactly once', async () => {
    const events = 30_000;
    const args = { events: String(events), rate: '3000', interval: '500', out };
    const first = runOnCluster(cluster.client, path.resolve(COUNT), args, 2);
    const jobId = await cluster.waitFor(async () => {
      const job = (await cluster.client.list()).find((j) => j.jobName === 'checkpointed-count');
      return job?.status === 'running' ? job.jobId : undefined;
    });
    await cluster.waitFor(async () => ((await cluster.client.job(jobId)).recordsFromSources > 3000 ? true : undefined));
    const jm = ['--jobmanager', cluster.url];

    const taken = await weir(['savepoint', jobId, 'count-early', ...jm]);
    expect(taken).toMatchObject({ code: 0, stdout: 'count-early\n' });
    expect(taken.stderr).toContain(
      `Savepoint 'count-early' of job ${jobId} taken: redis key weir:{${jobId}}:savepoint:count-early.`,
    );

    const stopped = await weir(['stop', jobId, '--savepoint', 'count-stop', ...jm]);
    expect(stopped).toMatchObject({ code: 0, stdout: 'count-stop\n' });
    expect(stopped.stderr).toMatch(/job 'checkpointed-count' \(.*\) is canceled\.\n$/);
    expect((await first).job.status).toBe('canceled');
    const committedAtStop = committedLines(out).length;
    expect(committedAtStop).toBeGreaterThan(0);
    expect(committedAtStop).toBeLessThan(events);

    const history = await weir(['list', '--checkpoints', jobId, ...jm]);
    expect(history.code).toBe(0);
    const rows = history.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ID\s+STATUS\s+TRIGGERED\s+DURATION\s+SIZE\s+ALIGNMENT\s+INFO$/);
    expect(rows[1]).toMatch(
      /^\d+ \(savepoint\)\s+completed\s+\d{4}-\d\d-\d\dT\S+Z\s+\d+ ms\s+[\d.]+ (B|KiB|MiB)\s+.*count-stop$/,
    );
    expect(rows.filter((r) => /^\d+\s+completed/.test(r)).length).toBeGreaterThan(0);

    const restored = await weir([
      'run',
      COUNT,
      ...jm,
      '--from-savepoint',
      'count-stop',
      '-p',
      '4',
      '--events',
      String(events),
      '--rate',
      '5000',
      '--interval',
      '500',
      '--out',
      out,
    ]);
    expect(restored.stderr).toContain("Job 'checkpointed-count' finished");
    expect(restored.code).toBe(0);
    const detail = (await cluster.client.list()).find((j) => j.jobName === 'checkpointed-count' && j.jobId !== jobId)!;
    expect(detail.slots).toBe(4);
    expect(committedLines(out)).toEqual(expectedCountLines(events));
  }, 120_000);

  it('refuses a savepoint that does not fit the job, naming the operator, and an unknown one, naming it', async () => {
    const jm = ['--jobmanager', cluster.url];
    const q5Args = ['--events', '1000', '--rate', '1000', '--interval', '500', '--out', out];
    const misfit = await weir(['run', Q5, ...jm, '--from-savepoint', 'count-stop', ...q5Args]);
    expect(misfit.code).toBe(1);
    expect(misfit.stderr).toMatch(
      /has state of operator uid '[^']+' \(in '[^']+'\), which this job has no operator for\. .*--allow-non-restored-state/,
    );

    const unknown = await weir(['run', Q5, ...jm, '--from-savepoint', 'no-such-savepoint', ...q5Args]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("this cluster has no savepoint named 'no-such-savepoint'");
  }, 60_000);
});
