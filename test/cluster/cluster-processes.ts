/**
 * A cluster for integration tests: a JobManager and TaskManagers as real OS processes (their built
 * dist/main.js), on the machine's NATS and Redis, under a cluster id of their own.
 */
import { JobManagerClient } from '@weir/cluster';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { ensureNatsServer } from '../support/nats-server';
import { ensureRedisServer } from '../support/redis-server';

const ROOT = path.resolve(__dirname, '../..');
export const JOBMANAGER_MAIN = path.join(ROOT, 'apps/jobmanager/dist/main.js');
export const TASKMANAGER_MAIN = path.join(ROOT, 'apps/taskmanager/dist/main.js');

/** Heartbeats fast enough that a lost TaskManager is noticed within seconds. */
export const HEARTBEAT_INTERVAL_MS = 200;
export const HEARTBEAT_TIMEOUT_MS = 1500;

export interface ClusterProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `node <main> args…` and keeps what it prints, for assertions and for failures' messages. */
export function startProcess(main: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ClusterProcess {
  const child = spawn(process.execPath, [main, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export class TestCluster {
  readonly taskManagers = new Map<string, ClusterProcess>();
  /** The JobManager that leads, and every one started (standbys too, for `stop`). */
  jobManager!: ClusterProcess;
  private readonly launched: ClusterProcess[] = [];
  client!: JobManagerClient;
  url!: string;

  constructor(
    readonly clusterId: string,
    private readonly jobManagerArgs: readonly string[] = [],
  ) {}

  private get common(): string[] {
    return [
      '--cluster-id',
      this.clusterId,
      '--heartbeat-interval-ms',
      String(HEARTBEAT_INTERVAL_MS),
      '--heartbeat-timeout-ms',
      String(HEARTBEAT_TIMEOUT_MS),
    ];
  }

  async start(taskManagers: number, slots: number): Promise<void> {
    await Promise.all([ensureNatsServer(), ensureRedisServer()]);
    await this.startJobManager();
    for (let i = 1; i <= taskManagers; i++) this.startTaskManager(`tm-${i}`, slots);
    await this.untilTaskManagers(taskManagers);
  }

  /** Starts the JobManager, on a port of its choosing; its URL and client follow. */
  async startJobManager(): Promise<void> {
    await this.follow(this.launchJobManager());
  }

  /** Starts a JobManager process, which stands by until it leads the cluster. */
  launchJobManager(): ClusterProcess {
    const jobManager = startProcess(JOBMANAGER_MAIN, [...this.common, '--port', '0', ...this.jobManagerArgs]);
    this.launched.push(jobManager);
    return jobManager;
  }

  /** Waits until `jobManager` leads and listens: the cluster's URL and client are then its. */
  async follow(jobManager: ClusterProcess): Promise<void> {
    this.jobManager = jobManager;
    this.url = await this.waitFor(() => /JobManager listening on (http:\/\/\S+?)"/.exec(jobManager.output())?.[1]);
    this.client = new JobManagerClient(this.url);
  }

  startTaskManager(tmId: string, slots: number): ClusterProcess {
    const tm = startProcess(TASKMANAGER_MAIN, [...this.common, '--slots', String(slots), '--task-manager-id', tmId]);
    this.taskManagers.set(tmId, tm);
    return tm;
  }

  async untilTaskManagers(count: number): Promise<void> {
    await this.waitFor(async () => ((await this.client.taskManagers()).length === count ? true : undefined));
  }

  /**
   * Polls `probe` every `pollMs` until it gives a value; fails with the processes' output after
   * `timeoutMs`. A state that lasts a few milliseconds needs `pollMs` 0: each probe then follows the
   * last one's answer at once.
   */
  async waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000, pollMs = 50): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        const outputs = [...this.launched, ...this.taskManagers.values()].map((p) => p.output()).join('\n---\n');
        throw new Error(`Timed out after ${timeoutMs} ms waiting on the cluster. Its output:\n${outputs.slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async stop(): Promise<void> {
    const all = [...this.taskManagers.values(), ...this.launched];
    for (const p of all) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const p of all) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }, 10_000);
    await Promise.all(all.map((p) => p.exited));
    clearTimeout(timer);
  }
}
