import { DEFAULT_MAX_PARALLELISM } from '@weir/common';
import type { RestartStrategy } from './restart-strategy';

export interface CheckpointConfig {
  /** 0 when checkpointing is off. */
  intervalMs: number;
  timeoutMs: number;
  minPauseBetweenCheckpointsMs: number;
  maxConcurrentCheckpoints: number;
  tolerableFailedCheckpoints: number;
  unaligned: boolean;
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
      timeoutMs: 10 * 60_000,
      minPauseBetweenCheckpointsMs: 0,
      maxConcurrentCheckpoints: 1,
      tolerableFailedCheckpoints: 0,
      unaligned: false,
    },
    stateBackend: 'heap',
    runtimeMode: 'streaming',
  };
}
