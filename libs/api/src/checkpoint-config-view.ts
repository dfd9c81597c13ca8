/**
 * `env.getCheckpointConfig()`: Flink's CheckpointConfig setters over the plain
 * ExecutionConfig.checkpoint data that travels with the job. Each setter checks its value at once.
 */
import type { CheckpointConfig } from '@weir/core';
import { requireWholeNumber } from './config-values';

/** Flink's lower bound: shorter intervals spend more time checkpointing than processing. */
export const MINIMAL_CHECKPOINT_INTERVAL_MS = 10;

export class CheckpointConfigView {
  /** @internal */
  constructor(private readonly config: () => CheckpointConfig) {}

  isCheckpointingEnabled(): boolean {
    return this.config().intervalMs > 0;
  }

  getCheckpointInterval(): number {
    return this.config().intervalMs;
  }

  /** How often a checkpoint starts, in ms (at least 10), which also turns checkpointing on. */
  setCheckpointInterval(intervalMs: number): this {
    this.config().intervalMs = requireWholeNumber(
      intervalMs,
      MINIMAL_CHECKPOINT_INTERVAL_MS,
      'setCheckpointInterval()',
      'the checkpoint interval (ms)',
    );
    return this;
  }

  getCheckpointTimeout(): number {
    return this.config().timeoutMs;
  }

  /** A checkpoint not complete after this many ms is declared failed. */
  setCheckpointTimeout(timeoutMs: number): this {
    this.config().timeoutMs = requireWholeNumber(timeoutMs, 1, 'setCheckpointTimeout()', 'the checkpoint timeout (ms)');
    return this;
  }

  getMinPauseBetweenCheckpoints(): number {
    return this.config().minPauseBetweenCheckpointsMs;
  }

  /** The least time between the end of one checkpoint and the start of the next, so processing can catch up. */
  setMinPauseBetweenCheckpoints(pauseMs: number): this {
    this.config().minPauseBetweenCheckpointsMs = requireWholeNumber(
      pauseMs,
      0,
      'setMinPauseBetweenCheckpoints()',
      'the minimum pause between checkpoints (ms)',
    );
    return this;
  }

  getMaxConcurrentCheckpoints(): number {
    return this.config().maxConcurrentCheckpoints;
  }

  setMaxConcurrentCheckpoints(max: number): this {
    this.config().maxConcurrentCheckpoints = requireWholeNumber(
      max,
      1,
      'setMaxConcurrentCheckpoints()',
      'the number of concurrent checkpoints',
    );
    return this;
  }

  getTolerableCheckpointFailureNumber(): number {
    return this.config().tolerableFailedCheckpoints;
  }

  /** How many checkpoints in a row may fail before the job fails over (0: the first failure does). */
  setTolerableCheckpointFailureNumber(failures: number): this {
    this.config().tolerableFailedCheckpoints = requireWholeNumber(
      failures,
      0,
      'setTolerableCheckpointFailureNumber()',
      'the number of tolerable checkpoint failures',
    );
    return this;
  }

  isUnalignedCheckpointsEnabled(): boolean {
    return this.config().unaligned;
  }

  /** Snapshots in-flight buffers instead of aligning barriers, for jobs under heavy back-pressure. */
  enableUnalignedCheckpoints(enabled = true): this {
    this.config().unaligned = enabled;
    return this;
  }
}
