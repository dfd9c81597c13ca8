/**
 * Runs a job module with the `weir` CLI in a process of its own (embedded), for tests that kill it
 * mid-way and run it again from its latest checkpoint.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'apps/cli/dist/main.js');

export interface RunningJob {
  readonly child: ReturnType<typeof spawn>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the job printed so far, stdout and stderr. */
  output(): string;
}

/** `weir run <job> -p <parallelism> <args…>`, embedded whatever the tests' environment says. */
export function runJob(job: string, parallelism: number, args: string[]): RunningJob {
  const env = { ...process.env };
  delete env.WEIR_JOBMANAGER;
  const child = spawn(process.execPath, [CLI, 'run', job, '-p', String(parallelism), ...args], {
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

/** The complete checkpoints (with their `_metadata`) under a checkpoint storage directory, latest last. */
export function completeCheckpoints(storage: string): string[] {
  if (!existsSync(storage)) return [];
  return readdirSync(storage)
    .flatMap((job) => readdirSync(join(storage, job)).map((chk) => join(storage, job, chk)))
    .filter((chk) => /chk-\d+$/.test(chk) && existsSync(join(chk, '_metadata')))
    .sort((a, b) => Number(/chk-(\d+)$/.exec(a)![1]) - Number(/chk-(\d+)$/.exec(b)![1]));
}

/** Polls `probe` until it gives a value; after 60 s fails with what the job printed. */
export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  job: RunningJob,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the job said:\n${job.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
