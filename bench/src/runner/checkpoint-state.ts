/*
 * The checkpoint benchmark's measurements, in the child process that runs the job (see
 * checkpoint-state-benchmark.ts): the keyed-profiles job on worker threads, filled to its keys; the
 * heap its keyed subtasks hold for that state; its next checkpoints (duration, size, how long each
 * subtask's processing stopped, the record rate while they were written against the rate before);
 * then a failure inside the job and the time until records flow again from the latest checkpoint.
 * `measureStateRestore` is the second half of a process kill: the job started again from the
 * checkpoint the killed process left, timed to its first record.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RuntimeFailure } from '@weir/common';
import { executeLocally, loadJobBundle, type CheckpointStats, type JobBundle, type JobClient } from '@weir/runtime';
import { StateProbeListener } from '../harness/state-probe';

export interface CheckpointStateTask {
  readonly bundle: JobBundle;
  readonly args: Record<string, string>;
  readonly parallelism: number;
  /** How many checkpoints to time once the state is full. */
  readonly checkpoints: number;
  /** Leave the job running at the end: the runner kills the process (see runInChild's onReply). */
  readonly awaitKill: boolean;
}

export interface TimedCheckpoint {
  readonly id: number;
  readonly durationMs: number;
  readonly sizeBytes: number;
  /** The longest any subtask's processing stopped for it (the synchronous part). */
  readonly syncMs: number;
  /** Records from the source per second while it was taken, and in the seconds before. */
  readonly recordsPerSecondDuring: number;
  readonly recordsPerSecondBefore: number;
  /**
   * CPU time of the whole process (every thread, processing included) while it was taken, and the
   * cores it got on average: the job never idles, so fewer cores than the machine has means that
   * other work on a shared machine took them, and stretched the wall-clock duration.
   */
  readonly cpuMsDuring: number;
  readonly coresDuring: number;
}

export interface CheckpointStateMeasurement {
  readonly keys: number;
  readonly fillMs: number;
  readonly stateHeapBytes: number;
  readonly checkpoints: TimedCheckpoint[];
  /** From a subtask failing to the first record processed again, restored from the latest checkpoint. */
  readonly failoverMs: number;
  /** Where the latest complete checkpoint is (to restart from after a kill). */
  readonly latestCheckpoint: string;
}

/** Samples the job's source count and the process's CPU time, for the record rate and CPU use over any stretch. */
class RateSampler {
  private readonly samples: [at: number, records: number, cpuMs: number][] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(client: JobClient) {
    this.timer = setInterval(
      () => this.samples.push([Date.now(), client.progress().recordsFromSources, processCpuMs()]),
      100,
    );
  }

  /** Records per second between two wall-clock times (ms), from the samples closest to them. */
  rate(from: number, to: number): number {
    const [t0, r0] = this.closestTo(from);
    const [t1, r1] = this.closestTo(to);
    return t1 > t0 ? ((r1 - r0) * 1000) / (t1 - t0) : NaN;
  }

  /** CPU milliseconds the process used between two wall-clock times (ms). */
  cpuMs(from: number, to: number): number {
    return this.closestTo(to)[2] - this.closestTo(from)[2];
  }

  private closestTo(t: number): [number, number, number] {
    return this.samples.reduce((best, s) => (Math.abs(s[0] - t) < Math.abs(best[0] - t) ? s : best));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export async function measureCheckpointState(task: CheckpointStateTask): Promise<CheckpointStateMeasurement> {
  const probe = new StateProbeListener();
  const keys = Number(task.args.keys);
  const graph = loadJobBundle(task.bundle).buildGraph({ args: task.args, parallelism: task.parallelism });
  const client = await executeLocally(graph, { bundle: task.bundle });
  const failed = client.result().then(
    () => new RuntimeFailure('the keyed-profiles job ended, but its source is unbounded'),
    (error: unknown) => error as Error,
  );
  const until = async (what: string, done: () => boolean, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new RuntimeFailure(`The checkpoint benchmark timed out waiting for ${what}.`);
      const early = await Promise.race([sleep(50).then(() => undefined), failed]);
      if (early !== undefined) throw early;
    }
  };
  const rates = new RateSampler(client);
  try {
    const start = Date.now();
    await until(`${keys} keys`, () => probe.keys >= keys, 600_000);
    const fillMs = Date.now() - start;
    const stateHeapBytes = await probe.measureHeap(task.parallelism);

    const filledAt = Date.now();
    const timed = (): CheckpointStats[] =>
      client.checkpoints().filter((c) => c.triggeredAt > filledAt && !c.savepoint && c.status !== 'in-progress');
    // Each may take up to the job's checkpoint timeout (10 min) on a loaded machine.
    const waitMs = task.checkpoints * 600_000;
    await until(`${task.checkpoints} checkpoints`, () => timed().length >= task.checkpoints, waitMs);
    const checkpoints = timed()
      .slice(0, task.checkpoints)
      .map((c): TimedCheckpoint => {
        if (c.status !== 'completed') throw new RuntimeFailure(`Checkpoint ${c.id} failed: ${c.failure}`);
        const end = c.triggeredAt + c.durationMs!;
        const cpuMsDuring = rates.cpuMs(c.triggeredAt, end);
        return {
          id: c.id,
          durationMs: c.durationMs!,
          sizeBytes: c.sizeBytes,
          syncMs: Math.max(...Object.values(c.syncMs)),
          recordsPerSecondDuring: rates.rate(c.triggeredAt, end),
          recordsPerSecondBefore: rates.rate(c.triggeredAt - 3000, c.triggeredAt),
          cpuMsDuring,
          coresDuring: cpuMsDuring / c.durationMs!,
        };
      });

    const failingAt = await probe.fail();
    const flowing = await Promise.race([probe.next('first-record', (r) => r.attempt > 0), failed]);
    if (flowing instanceof Error) throw flowing;
    const latest = client.checkpoints().filter((c) => c.status === 'completed' && !c.savepoint);
    if (!task.awaitKill) await client.cancel();
    return {
      keys,
      fillMs,
      stateHeapBytes,
      checkpoints,
      failoverMs: flowing.at - failingAt,
      latestCheckpoint: latest[latest.length - 1].location!,
    };
  } finally {
    rates.stop();
    probe.close();
  }
}

export interface StateRestoreMeasurement {
  /** When the restarted job processed its first record (wall clock, ms). */
  readonly firstRecordAt: number;
  /** CPU time of the restarted process (every thread, from its start) until then. */
  readonly cpuMsToFirstRecord: number;
  /** Keys the restored job created in its first records: none, if every profile came back. */
  readonly keysCreated: number;
}

/** The job started from the checkpoint directory a killed process left, until records flow and some more. */
export async function measureStateRestore(task: {
  bundle: JobBundle;
  args: Record<string, string>;
  parallelism: number;
  from: string;
}): Promise<StateRestoreMeasurement> {
  const probe = new StateProbeListener();
  try {
    const graph = loadJobBundle(task.bundle).buildGraph({ args: task.args, parallelism: task.parallelism });
    const first = probe.next('first-record');
    const client = await executeLocally(graph, {
      bundle: task.bundle,
      restoreFrom: { savepoint: task.from, allowNonRestoredState: false },
    });
    const failed = client.result().then(
      () => new RuntimeFailure('the restored job ended, but its source is unbounded'),
      (error: unknown) => error as Error,
    );
    const flowing = await Promise.race([first, failed]);
    if (flowing instanceof Error) throw flowing;
    const cpuMsToFirstRecord = processCpuMs();
    // A report per subtask after its first 256 Ki records: the profiles it had to create.
    const reports = Array.from({ length: task.parallelism }, (_, i) => probe.next('keys', (r) => r.subtask === i));
    await Promise.race([Promise.all(reports), failed.then((e) => Promise.reject(e))]);
    const keysCreated = probe.keys;
    await client.cancel();
    return { firstRecordAt: flowing.at, cpuMsToFirstRecord, keysCreated };
  } finally {
    probe.close();
  }
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
