import { DEFAULT_MAX_PARALLELISM } from '@weir/common';
import type { RestartStrategy } from './restart-strategy';

/**
 * 'exactly-once' aligns barriers at subtasks with several input channels; 'at-least-once' lets
 * records behind an early barrier through, so after a restore some are applied twice.
 */
export type CheckpointingMode = 'exactly-once' | 'at-least-once';

/** Whether the checkpoints of a canceled job are kept in their store (Flink's externalized checkpoints). */
export type ExternalizedCheckpointRetention = 'delete-on-cancellation' | 'retain-on-cancellation';

/**
 * Where snapshots go (DESIGN.md §6): in memory (embedded, lost with the process), a local directory
 * (embedded, survives the process, what savepoints of `weir run` use) or Redis (a cluster).
 * Plain data, so it travels with the job to every process.
 */
export type CheckpointStorage =
  | { kind: 'memory' }
  | { kind: 'directory'; path: string }
  | { kind: 'redis'; url: string; password?: string; tls?: boolean };

export interface CheckpointConfig {
  /** 0 when checkpointing is off. */
  intervalMs: number;
  mode: CheckpointingMode;
  timeoutMs: number;
  minPauseBetweenCheckpointsMs: number;
  maxConcurrentCheckpoints: number;
  tolerableFailedCheckpoints: number;
  unaligned: boolean;
  /** How many complete checkpoints the store keeps; older ones are deleted. */
  retainedCheckpoints: number;
  externalizedRetention: ExternalizedCheckpointRetention;
  storage: CheckpointStorage;
}

export type RuntimeMode = 'streaming' | 'batch' | 'automatic';
export type StateBackendKind = 'heap' | 'disk';

/** Everything about how a job runs that is not its dataflow. Plain data: it travels with the job. */
export interface ExecutionConfig {
  parallelism: number;
  maxParallelism: number;
  autoWatermarkIntervalMs: number;
  /** How long a partly filled output buffer may wait before it is sent (0: send at once). */
  bufferTimeoutMs: number;
  restartStrategy: RestartStrategy;
  checkpoint: CheckpointConfig;
  stateBackend: StateBackendKind;
  runtimeMode: RuntimeMode;
}

export function defaultExecutionConfig(parallelism: number): ExecutionConfig {
  return {
    parallelism,
    maxParallelism: DEFAULT_MAX_PARALLELISM,
    autoWatermarkIntervalMs: 200,
    bufferTimeoutMs: 5,
    restartStrategy: { kind: 'none' },
    checkpoint: {
      intervalMs: 0,
      mode: 'exactly-once',
      timeoutMs: 10 * 60_000,
      minPauseBetweenCheckpointsMs: 0,
      maxConcurrentCheckpoints: 1,
      tolerableFailedCheckpoints: 0,
      unaligned: false,
      retainedCheckpoints: 1,
      externalizedRetention: 'delete-on-cancellation',
      storage: { kind: 'memory' },
    },
    stateBackend: 'heap',
    runtimeMode: 'streaming',
  };
}
