/**
 * The cluster commands of the `weir` executable (issue 3): `cluster up` starts a local cluster in
 * the background, `run --jobmanager` submits to it (attached or detached), `list` and `cancel` work
 * against it, and `cluster down` stops every process it started.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureNatsServer } from '../support/nats-server';
import { ensureRedisServer } from '../support/redis-server';
import { ROOT, weir } from './weir-process';

const directory = mkdtempSync(path.join(tmpdir(), 'weir-cluster-cli-'));
const state = path.join(directory, '.weir', 'cluster.json');
// A port of its own, so a developer's cluster on 8081 is left alone.
const PORT = String(18_000 + (process.pid % 1000));
const url = `http://127.0.0.1:${PORT}`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await Promise.all([ensureNatsServer(), ensureRedisServer()]);
});
afterAll(async () => {
  if (existsSync(state)) await weir(['cluster', 'down'], { cwd: directory });
  rmSync(directory, { recursive: true, force: true });
});

describe('weir cluster up, run --jobmanager, list, cancel, cluster down', () => {
  let pids: number[] = [];

  it('starts a JobManager and two TaskManagers in the background and remembers them in .weir/', async () => {
    const up = await weir(
      ['cluster', 'up', '--taskmanagers', '2', '--slots', '2', '--port', PORT, '--cluster-id', `cli-${process.pid}`],
      { cwd: directory },
    );
    expect(up.stderr).toContain(`up: JobManager ${url}, 2 TaskManagers (logs in .weir/logs)`);
    expect(up.code).toBe(0);
    const remembered = JSON.parse(readFileSync(state, 'utf8')) as { url: string; processes: { pid: number }[] };
    expect(remembered.url).toBe(url);
    pids = remembered.processes.map((p) => p.pid);
    expect(pids).toHaveLength(3);
    expect(pids.every(isAlive)).toBe(true);

    const again = await weir(['cluster', 'up'], { cwd: directory });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`error: a local cluster is already up (${url}); 'weir cluster down' stops it.\n`);
  });

  it('runs a job on it with the output and exit code of an embedded run', async () => {
    const wordCount = path.join(ROOT, 'examples', 'word-count.ts');
    const onCluster = await weir(['run', wordCount, '-p', '4'], { env: { WEIR_JOBMANAGER: url } });
    expect(onCluster.stderr).toMatch(/Job 'word-count' finished in \S+ s: 2 records from sources, 18 to sinks\n$/);
    expect(onCluster.code).toBe(0);
    const embedded = await weir(['run', wordCount, '-p', '4']);
    const sorted = (text: string) => text.split('\n').sort();
    expect(sorted(onCluster.stdout)).toEqual(sorted(embedded.stdout));

    const failing = await weir(['run', 'test/cli/fixtures/failing-map-job.ts', '--jobmanager', url]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/error: Job '.*' failed: /);
  });

  it('cancels the job on the cluster on Ctrl-C and exits with 130', async () => {
    const unbounded = path.join(ROOT, 'test', 'cluster', 'fixtures', 'unbounded-count.ts');
    const { code, stderr } = await weir(['run', unbounded, '-p', '2', '--jobmanager', url], {
      interruptOnStderr: 'submitted to',
    });
    expect(stderr).toMatch(/Job 'unbounded-count' canceled \(interrupted\) after \S+ s: /);
    expect(code).toBe(130);
    const jobs = (await weir(['list', '--jobmanager', url])).stdout;
    expect(jobs).toMatch(/unbounded-count\s+canceled/);
  });

  it('submits detached, lists the job, cancels it', async () => {
    const unbounded = path.join(ROOT, 'test', 'cluster', 'fixtures', 'unbounded-count.ts');
    const detached = await weir(['run', unbounded, '-p', '2', '--detached', '--jobmanager', url]);
    expect(detached.code).toBe(0);
    const jobId = detached.stdout.trim();
    expect(detached.stderr).toBe(`Job 'unbounded-count' submitted to ${url} as ${jobId}.\n`);

    let listed = '';
    for (let tries = 0; tries < 100 && !new RegExp(`${jobId}\\s+unbounded-count\\s+running`).test(listed); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      listed = (await weir(['list', '--jobmanager', url])).stdout;
    }
    expect(listed).toMatch(/^JOB ID\s+NAME\s+STATUS\s+DURATION\s+INFO\n/);
    expect(listed).toMatch(new RegExp(`${jobId}\\s+unbounded-count\\s+running`));

    const canceled = await weir(['cancel', jobId], { env: { WEIR_JOBMANAGER: url } });
    expect(canceled).toMatchObject({ code: 0, stderr: `Job 'unbounded-count' (${jobId}) is canceled.\n` });
    expect((await weir(['list', '--jobmanager', url])).stdout).toMatch(
      new RegExp(`${jobId}\\s+unbounded-count\\s+canceled`),
    );

    const unknown = await weir(['cancel', 'no-such-job', '--jobmanager', url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /\(404\): No job with id 'no-such-job' on this cluster; 'weir list' shows the jobs\./,
    );
  });

  it('stops every process it started', async () => {
    const down = await weir(['cluster', 'down'], { cwd: directory });
    expect(down).toMatchObject({ code: 0, stderr: `Cluster 'cli-${process.pid}' down: 3 processes stopped.\n` });
    expect(pids.some(isAlive)).toBe(false);
    expect(existsSync(state)).toBe(false);
  });
});
