/*
 * The alignment benchmark (`--only checkpoint-alignment`): the back-pressured job at parallelism 2,
 * a checkpoint every second for 20 s, with aligned and then with unaligned checkpoints, each in a
 * fresh process: how long checkpoints took, how long subtasks aligned (from a checkpoint's first
 * barrier at a subtask to its last), and how much each checkpoint stored.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as path from 'node:path';
import { executeLocally, loadJobBundle, bundleJobFile, type JobBundle } from '@weir/runtime';
import { runInChild } from './child-process';
import { median } from './median';

const DURATION_MS = 20_000;

export interface AlignmentMeasurement {
  readonly checkpoints: number;
  readonly failed: number;
  readonly durationsMs: number[];
  /** Per checkpoint, the longest alignment of any subtask. */
  readonly alignmentsMs: number[];
  readonly sizesBytes: number[];
}

export interface AlignmentRow {
  readonly mode: 'aligned' | 'unaligned';
  readonly completed: number;
  readonly failed: number;
  readonly durationP50Ms: number;
  readonly durationMaxMs: number;
  readonly alignmentP50Ms: number;
  readonly alignmentMaxMs: number;
  readonly sizeP50Bytes: number;
}

/** In the child process: runs the job for a while and returns its checkpoint history. */
export async function measureAlignment(task: {
  bundle: JobBundle;
  args: Record<string, string>;
  parallelism: number;
}): Promise<AlignmentMeasurement> {
  const graph = loadJobBundle(task.bundle).buildGraph({ args: task.args, parallelism: task.parallelism });
  const client = await executeLocally(graph, { bundle: task.bundle });
  await sleep(DURATION_MS);
  const history = client.checkpoints().filter((c) => c.status !== 'in-progress');
  await client.cancel();
  const completed = history.filter((c) => c.status === 'completed');
  return {
    checkpoints: completed.length,
    failed: history.length - completed.length,
    durationsMs: completed.map((c) => c.durationMs!),
    alignmentsMs: completed.map((c) => Math.max(0, ...Object.values(c.alignmentMs))),
    sizesBytes: completed.map((c) => c.sizeBytes),
  };
}

export async function runAlignmentBenchmark(log: (line: string) => void): Promise<AlignmentRow[]> {
  const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', 'back-pressured.js'));
  const rows: AlignmentRow[] = [];
  for (const mode of ['aligned', 'unaligned'] as const) {
    log(`checkpoint-alignment ${mode}: ${DURATION_MS / 1000} s under back-pressure`);
    const args = { unaligned: mode === 'unaligned' ? '1' : '0', 'checkpoint-interval': '1000' };
    const m = await runInChild({ kind: 'checkpoint-alignment', bundle, args, parallelism: 2 });
    rows.push({
      mode,
      completed: m.checkpoints,
      failed: m.failed,
      durationP50Ms: median(m.durationsMs),
      durationMaxMs: Math.max(...m.durationsMs),
      alignmentP50Ms: median(m.alignmentsMs),
      alignmentMaxMs: Math.max(...m.alignmentsMs),
      sizeP50Bytes: median(m.sizesBytes),
    });
  }
  return rows;
}
