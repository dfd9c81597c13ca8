/*
 * What the runner asks a child process to measure, and what each answer looks like. Every measured
 * run gets a fresh process, so one run's JIT state, heap and RSS never leak into the next.
 */
import type { JobBundle } from '@weir/runtime';
import type { AlignmentMeasurement } from './checkpoint-alignment';
import type { CheckpointStateMeasurement, CheckpointStateTask, StateRestoreMeasurement } from './checkpoint-state';
import type { JobMeasurement } from './measure-job';
import type { PlainWordCount } from './plain-word-count';
import type { SoakMeasurement } from './soak';
import type { StateFootprint } from './state-footprint';

export type ChildTask =
  | { kind: 'job'; bundle: JobBundle; args: Record<string, string>; parallelism: number }
  | { kind: 'plain-word-count'; path: string }
  | {
      kind: 'soak';
      bundle: JobBundle;
      args: Record<string, string>;
      parallelism: number;
      durationMs: number;
      sampleEveryMs: number;
    }
  | { kind: 'state-footprint'; keys: number }
  | ({ kind: 'checkpoint-state' } & CheckpointStateTask)
  | { kind: 'state-restore'; bundle: JobBundle; args: Record<string, string>; parallelism: number; from: string }
  | { kind: 'checkpoint-alignment'; bundle: JobBundle; args: Record<string, string>; parallelism: number };

export interface ChildResults {
  job: JobMeasurement;
  'plain-word-count': PlainWordCount;
  soak: SoakMeasurement;
  'state-footprint': StateFootprint;
  'checkpoint-state': CheckpointStateMeasurement;
  'state-restore': StateRestoreMeasurement;
  'checkpoint-alignment': AlignmentMeasurement;
}

export type ChildReply = { ok: true; result: unknown } | { ok: false; error: string };
