/**
 * A file job's process killed with SIGKILL mid-way, then run again from its latest checkpoint
 * (`weir run --from-savepoint <checkpoint directory>`): the restored sinks commit what the
 * checkpoint held (again, if it was committed already) and delete the killed run's in-progress
 * parts, the readers resume mid-file, and the committed output is the input, every line once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'apps/cli/dist/main.js');
const JOB = join(__dirname, 'fixtures', 'slow-file-copy-job.ts');

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'weir-files-kill-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function runJob(args: string[]) {
  // Embedded, whatever the tests' environment says.
  const env = { ...process.env };
  delete env.WEIR_JOBMANAGER;
  const child = spawn(process.execPath, [CLI, 'run', JOB, '-p', '2', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('close', (code, signal) => done({ code, signal })),
  );
  return { child, exited, output: () => output };
}

function committedLines(output: string): string[] {
  if (!existsSync(output)) return [];
  return readdirSync(output)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => readFileSync(join(output, name), 'utf8').split('\n').slice(0, -1));
}

/** The complete checkpoints (with their `_metadata`) under the storage directory, latest last. */
function completeCheckpoints(storage: string): string[] {
  if (!existsSync(storage)) return [];
  return readdirSync(storage)
    .flatMap((job) => readdirSync(join(storage, job)).map((chk) => join(storage, job, chk)))
    .filter((chk) => /chk-\d+$/.test(chk) && existsSync(join(chk, '_metadata')))
    .sort((a, b) => Number(/chk-(\d+)$/.exec(a)![1]) - Number(/chk-(\d+)$/.exec(b)![1]));
}

async function until<T>(probe: () => T | undefined, what: string, output: () => string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the job said:\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('a killed file job restored from its checkpoint commits every line exactly once', async () => {
  const input = join(root, 'in');
  const output = join(root, 'out');
  const storage = join(root, 'checkpoints');
  mkdirSync(input);
  const lines = Array.from({ length: 40_000 }, (_, i) => `line-${i}`);
  writeFileSync(join(input, 'a.txt'), lines.slice(0, 20_000).join('\n') + '\n');
  writeFileSync(join(input, 'b.txt.gz'), gzipSync(lines.slice(20_000).join('\n') + '\n'));
  const args = ['--input', input, '--output', output, '--checkpoints', storage];

  const first = runJob([...args, '--spin-micros', '100']);
  await until(
    () => (completeCheckpoints(storage).length > 0 && committedLines(output).length > 0 ? true : undefined),
    'a complete checkpoint and a committed part',
    first.output,
  );
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  const committedAtKill = committedLines(output).length;
  expect(committedAtKill).toBeGreaterThan(0);
  expect(committedAtKill).toBeLessThan(lines.length);
  expect(readdirSync(output).some((name) => name.endsWith('.inprogress'))).toBe(true);

  const checkpoint = completeCheckpoints(storage).at(-1)!;
  const second = runJob([...args, '--spin-micros', '0', '--from-savepoint', checkpoint]);
  const { code } = await second.exited;
  expect({ code, output: code === 0 ? '' : second.output() }).toEqual({ code: 0, output: '' });

  expect(committedLines(output).sort()).toEqual([...lines].sort());
  expect(readdirSync(output).filter((name) => name.endsWith('.inprogress'))).toEqual([]);
}, 120_000);
