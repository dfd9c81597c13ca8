/*
 * The checkpoint benchmark (`--only checkpoint-state`): the keyed-profiles job holding about 1 GB of
 * keyed state (the V8 heap its keyed subtasks hold for it, measured after a full GC), checkpointing
 * every 10 s, to a local directory and to Redis, each in a fresh process. Per store: the duration
 * and size of three checkpoints taken once the state is full (so there is a median), how long
 * processing stopped for each (the copy-on-write view), the record rate and the process's CPU time
 * while they were written against the rate before, and the recovery from a failure inside the job to records flowing again. With the directory store the
 * process is then killed (SIGKILL) and the job started again from its latest checkpoint, as
 * `weir run --from-savepoint` would, timed from the kill to its first record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleJobFile } from '@weir/runtime';
import { wallClockMs } from '../harness/wall-clock';
import type { TimedCheckpoint } from './checkpoint-state';
import { runInChild } from './child-process';

/** About 1 GB of heap with the profiles of jobs/keyed-profiles.ts (2.8M measured 0.77–0.89 GB; the table shows it). */
export const CHECKPOINT_STATE_KEYS = 3_500_000;
const CHECKPOINT_INTERVAL_MS = 10_000;
const REDIS_URL = process.env.WEIR_BENCH_REDIS ?? 'redis://127.0.0.1:6379';
const CHILD_ARGS = ['--expose-gc', '--max-old-space-size=8192'];

export interface CheckpointStateRow {
  readonly store: 'directory' | 'redis';
  readonly parallelism: number;
  readonly keys: number;
  readonly stateHeapBytes: number;
  readonly fillMs: number;
  readonly checkpoints: TimedCheckpoint[];
  readonly failoverMs: number;
  /** From SIGKILL of the process to the first record of the job started again from its checkpoint. */
  readonly killRecoveryMs: number;
  /** CPU time the restarted process used until its first record (loading, decoding, restoring). */
  readonly killRecoveryCpuMs: number;
  /** Profiles the restarted job had to create: 0 when its state came back whole. */
  readonly keysCreatedAfterRestore: number;
}

export async function runCheckpointStateBenchmark(options: {
  keys: number;
  parallelism: number;
  log: (line: string) => void;
}): Promise<CheckpointStateRow[]> {
  const { keys, parallelism, log } = options;
  const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', 'keyed-profiles.js'));
  const rows: CheckpointStateRow[] = [];
  for (const store of ['directory', 'redis'] as const) {
    const directory = store === 'directory' ? mkdtempSync(path.join(tmpdir(), 'weir-bench-chk-')) : undefined;
    const args = {
      keys: String(keys),
      'checkpoint-interval': String(CHECKPOINT_INTERVAL_MS),
      storage: directory ?? REDIS_URL,
    };
    try {
      log(`checkpoint-state ${store}: ${keys.toLocaleString('en-US')} keys at p=${parallelism}`);
      const awaitKill = store === 'directory';
      let killedAt = NaN;
      const measured = await runInChild(
        { kind: 'checkpoint-state', bundle, args, parallelism, checkpoints: 3, awaitKill },
        CHILD_ARGS,
        (child) => {
          if (!awaitKill) return;
          killedAt = wallClockMs();
          child.kill('SIGKILL');
        },
      );
      let killRecoveryMs = NaN;
      let killRecoveryCpuMs = NaN;
      let keysCreatedAfterRestore = NaN;
      if (awaitKill) {
        log(`checkpoint-state ${store}: killed; restarting from ${measured.latestCheckpoint}`);
        const restore = { kind: 'state-restore' as const, bundle, args, parallelism, from: measured.latestCheckpoint };
        const restored = await runInChild(restore, CHILD_ARGS);
        killRecoveryMs = restored.firstRecordAt - killedAt;
        killRecoveryCpuMs = restored.cpuMsToFirstRecord;
        keysCreatedAfterRestore = restored.keysCreated;
      }
      const { stateHeapBytes, fillMs, checkpoints, failoverMs } = measured;
      rows.push({
        store,
        parallelism,
        keys,
        stateHeapBytes,
        fillMs,
        checkpoints,
        failoverMs,
        killRecoveryMs,
        killRecoveryCpuMs,
        keysCreatedAfterRestore,
      });
    } finally {
      if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    }
  }
  return rows;
}
