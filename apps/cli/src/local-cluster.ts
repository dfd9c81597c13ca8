/**
 * A local cluster (`weir cluster up`): a JobManager and TaskManagers as background processes on
 * this machine's NATS and Redis. Their pids, the JobManager's URL and their logs live in `.weir/`
 * of the directory it was started from, which is how `weir cluster down` finds them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface LocalClusterState {
  url: string;
  clusterId: string;
  processes: { role: 'jobmanager' | 'taskmanager'; pid: number; log: string }[];
}

export function stateDirectory(cwd: string): string {
  return path.join(cwd, '.weir');
}

function stateFile(cwd: string): string {
  return path.join(stateDirectory(cwd), 'cluster.json');
}

export function readClusterState(cwd: string): LocalClusterState | undefined {
  const file = stateFile(cwd);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalClusterState) : undefined;
}

export function writeClusterState(cwd: string, state: LocalClusterState): void {
  writeFileSync(stateFile(cwd), JSON.stringify(state, null, 2) + '\n');
}

export function removeClusterState(cwd: string): void {
  rmSync(stateFile(cwd), { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `node <script> args…` detached, its output appended to `.weir/logs/<name>.log`. */
export function startBackgroundProcess(
  cwd: string,
  name: string,
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { pid: number; log: string } {
  const logs = path.join(stateDirectory(cwd), 'logs');
  mkdirSync(logs, { recursive: true });
  const log = path.join(logs, `${name}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [script, ...args], { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
  child.unref();
  return { pid: child.pid!, log };
}

/** The executable (package.json "bin") of a cluster process package. */
export function processScript(packageName: '@weir/jobmanager' | '@weir/taskmanager'): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  return path.join(path.dirname(manifestPath), Object.values(manifest.bin)[0]);
}
