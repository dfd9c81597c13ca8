/*
 * The memory benchmarks: what 10 million keys of ValueState<number> take on the heap (always), and
 * the soak (with --soak, since it takes a minute): RSS every 5 s of a job held under back-pressure
 * by a slow sink for 60 s, which should level off rather than climb.
 */
import * as path from 'node:path';
import { bundleJobFile } from '@weir/runtime';
import { runInChild } from './child-process';
import type { SoakMeasurement } from './soak';
import type { StateFootprint } from './state-footprint';

export const STATE_KEYS = 10_000_000;
const SOAK_MS = 60_000;
const SOAK_SAMPLE_MS = 5_000;

export function runStateFootprint(): Promise<StateFootprint> {
  return runInChild({ kind: 'state-footprint', keys: STATE_KEYS }, ['--expose-gc']);
}

export interface SoakResult extends SoakMeasurement {
  /** RSS growth from the sample at 10 s (after start-up) to the last one. */
  readonly rssGrowthMb: number;
}

export async function runSoak(parallelism: number): Promise<SoakResult> {
  const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', 'soak.js'));
  const soak = await runInChild({
    kind: 'soak',
    bundle,
    parallelism,
    args: { 'pause-ms': '10', batch: '1000' },
    durationMs: SOAK_MS,
    sampleEveryMs: SOAK_SAMPLE_MS,
  });
  const settled = soak.samples.find((s) => s.atMs >= 10_000) ?? soak.samples[0];
  const last = soak.samples[soak.samples.length - 1];
  return { ...soak, rssGrowthMb: (last.rssBytes - settled.rssBytes) / 2 ** 20 };
}
