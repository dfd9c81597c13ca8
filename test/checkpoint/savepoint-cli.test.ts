/** `weir run --from-savepoint`: a savepoint taken on worker threads, restored by the CLI at another parallelism. */
import { bundleJobFile, executeLocally, loadJobBundle } from '@weir/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { weir } from '../cli/weir-process';
import { EVENTS, KEYS } from './fixtures/savepoint-count';

const JOB = join(__dirname, 'fixtures', 'savepoint-count.ts');

describe('weir run --from-savepoint', () => {
  let dir: string;
  let savepoint: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weir-savepoint-cli-'));
    const bundle = await bundleJobFile(JOB);
    const graph = loadJobBundle(bundle).buildGraph({ args: { dir, quiet: 'yes' }, parallelism: 2 });
    const client = await executeLocally(graph, { bundle });
    while (client.progress().recordsToSinks < EVENTS / 4) await new Promise((r) => setTimeout(r, 50));
    savepoint = await client.triggerSavepoint('cli');
    await client.cancel();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restores the savepoint at -p 1 and counts on from it', async () => {
    const outcome = await weir(['run', JOB, '--dir', dir, '--from-savepoint', savepoint, '-p', '1']);
    expect(outcome.stderr).toMatch(/Job 'savepoint-count' finished/);
    expect(outcome.code).toBe(0);
    const counts = new Map<number, number[]>();
    for (const line of outcome.stdout.trim().split('\n')) {
      const [key, count] = line.split(' ').map(Number);
      counts.set(key, [...(counts.get(key) ?? []), count]);
    }
    expect(counts.size).toBe(KEYS);
    for (const list of counts.values()) {
      // From where the savepoint left each key to the end, each count once: state came back.
      expect(Math.min(...list)).toBeGreaterThan(1);
      expect(Math.max(...list)).toBe(EVENTS / KEYS);
      expect(list.length).toBe(EVENTS / KEYS - Math.min(...list) + 1);
    }
  }, 60_000);

  it('refuses a savepoint whose operator is gone, naming its uid', async () => {
    const outcome = await weir(['run', JOB, '--dir', dir, '--map-uid', 'other', '--from-savepoint', 'cli']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/has state of operator uid 'ones'.*which this job has no operator for/s);
    const allowed = await weir([
      'run',
      JOB,
      '--dir',
      dir,
      '--map-uid',
      'other',
      '--from-savepoint',
      'cli',
      '--allow-non-restored-state',
    ]);
    expect(allowed.code).toBe(0);
  }, 60_000);
});
