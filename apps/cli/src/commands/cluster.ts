/** `weir cluster up [--taskmanagers N]` and `weir cluster down`: a local cluster (local-cluster.ts). */
import { JobManagerClient } from '@weir/cluster';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io';
import { CommandLineError } from '../command-line-error';
import { EXIT_OK } from '../exit-codes';
import {
  isAlive,
  processScript,
  readClusterState,
  removeClusterState,
  startBackgroundProcess,
  writeClusterState,
  type LocalClusterState,
} from '../local-cluster';

/** How long `up` waits for the JobManager to answer and every TaskManager to register. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export async function clusterCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'up') return up(rest, io);
  if (action === 'down') {
    if (rest.length > 0) throw new CommandLineError(`weir cluster down: unexpected argument '${rest[0]}'.`);
    return down(io);
  }
  throw new CommandLineError(
    `weir cluster: expected 'up' or 'down'${action === undefined ? '' : `, not '${action}'`}.`,
  );
}

async function up(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseUpOptions(args);
  const cwd = process.cwd();
  const running = readClusterState(cwd);
  if (running !== undefined && running.processes.some((p) => isAlive(p.pid))) {
    throw new CommandLineError(`a local cluster is already up (${running.url}); 'weir cluster down' stops it.`);
  }
  const settings = ['--cluster-id', options.clusterId];
  const url = `http://127.0.0.1:${options.port}`;
  const state: LocalClusterState = { url, clusterId: options.clusterId, processes: [] };
  const jobManager = startBackgroundProcess(
    cwd,
    'jobmanager',
    processScript('@weir/jobmanager'),
    [...settings, '--port', String(options.port)],
    io.env,
  );
  state.processes.push({ role: 'jobmanager', ...jobManager });
  for (let i = 1; i <= options.taskManagers; i++) {
    const slots = options.slots === undefined ? [] : ['--slots', options.slots];
    const tm = startBackgroundProcess(
      cwd,
      `taskmanager-${i}`,
      processScript('@weir/taskmanager'),
      [...settings, ...slots, '--task-manager-id', `tm-${i}`],
      io.env,
    );
    state.processes.push({ role: 'taskmanager', ...tm });
  }
  writeClusterState(cwd, state);
  await waitUntilReady(state, options.taskManagers);
  io.stderr.write(
    `Cluster '${options.clusterId}' up: JobManager ${url}, ${options.taskManagers} TaskManager` +
      `${options.taskManagers === 1 ? '' : 's'} (logs in .weir/logs). Submit with 'weir run job.ts --jobmanager ${url}'.\n`,
  );
  return EXIT_OK;
}

async function waitUntilReady(state: LocalClusterState, taskManagers: number): Promise<void> {
  const client = new JobManagerClient(state.url);
  const deadline = Date.now() + START_TIMEOUT_MS;
  let registered = 0;
  while (Date.now() < deadline) {
    const dead = state.processes.find((p) => !isAlive(p.pid));
    if (dead !== undefined) {
      await stopAll(state);
      throw new CommandLineError(`the ${dead.role} (pid ${dead.pid}) exited while starting; see ${dead.log}.`);
    }
    registered = await client.taskManagers().then(
      (tms) => tms.length,
      () => -1,
    );
    if (registered === taskManagers) return;
    await sleep(100);
  }
  await stopAll(state);
  throw new CommandLineError(
    `the cluster did not come up within ${START_TIMEOUT_MS / 1000} s (${registered < 0 ? 'the JobManager did not answer' : `${registered} of ${taskManagers} TaskManagers registered`}); see .weir/logs.`,
  );
}

async function down(io: CliIo): Promise<number> {
  const cwd = process.cwd();
  const state = readClusterState(cwd);
  if (state === undefined) {
    io.stderr.write('No local cluster is up here (no .weir/cluster.json).\n');
    return EXIT_OK;
  }
  await stopAll(state);
  removeClusterState(cwd);
  io.stderr.write(`Cluster '${state.clusterId}' down: ${state.processes.length} processes stopped.\n`);
  return EXIT_OK;
}

/** SIGTERM to each process (TaskManagers first, so they cancel their slots), SIGKILL to what outlives the timeout. */
async function stopAll(state: LocalClusterState): Promise<void> {
  const ordered = [...state.processes].sort((a, b) => (a.role === b.role ? 0 : a.role === 'taskmanager' ? -1 : 1));
  for (const { pid } of ordered) if (isAlive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (ordered.some((p) => isAlive(p.pid)) && Date.now() < deadline) await sleep(50);
  for (const { pid } of ordered) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function parseUpOptions(args: readonly string[]): {
  taskManagers: number;
  slots: string | undefined;
  port: number;
  clusterId: string;
} {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        taskmanagers: { type: 'string' },
        slots: { type: 'string' },
        port: { type: 'string' },
        'cluster-id': { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new CommandLineError(`weir cluster up: ${(error as Error).message}.`);
  }
  return {
    taskManagers: wholeNumber('--taskmanagers', values.taskmanagers ?? '2', 1),
    slots: values.slots === undefined ? undefined : String(wholeNumber('--slots', values.slots, 1)),
    port: wholeNumber('--port', values.port ?? '8081', 1),
    clusterId: values['cluster-id'] ?? 'weir',
  };
}

function wholeNumber(flag: string, value: string, min: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new CommandLineError(`weir cluster up: ${flag} needs a whole number of at least ${min}, not '${value}'.`);
  }
  return n;
}
