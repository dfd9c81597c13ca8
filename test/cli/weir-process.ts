/** Runs the built `weir` executable in a process of its own, from the repository root, as a user would. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'apps/cli/dist/main.js');

export interface WeirOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface WeirOptions {
  env?: NodeJS.ProcessEnv;
  /** Sends SIGINT (Ctrl-C) once stderr shows this text, i.e. once the job is known to be running. */
  interruptOnStderr?: string;
  /** The working directory (default: the repository root). */
  cwd?: string;
}

export function weir(args: readonly string[], options: WeirOptions = {}): Promise<WeirOutcome> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    // The tests' own environment must not turn `weir run` into a cluster submission.
    if (options.env?.WEIR_JOBMANAGER === undefined) delete env.WEIR_JOBMANAGER;
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      const trigger = options.interruptOnStderr;
      if (trigger !== undefined && !interrupted && Buffer.concat(stderr).toString().includes(trigger)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }),
    );
  });
}

/** A fixture's path as `weir` shows it: relative to the repository root, the tests' working directory. */
export function fixture(name: string): string {
  return `test/cli/fixtures/${name}`;
}
