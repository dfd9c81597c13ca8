/**
 * `env.getCheckpointConfig()`: Flink's CheckpointConfig setters over the plain
 * ExecutionConfig.checkpoint data that travels with the job. Each setter checks its value at once.
 */
import type {
  CheckpointConfig,
  CheckpointingMode,
  CheckpointStorage,
  ExternalizedCheckpointRetention,
} from '@weir/core';
import { configError, requireOneOf, requireWholeNumber } from './config-values';

const MODES: readonly CheckpointingMode[] = ['exactly-once', 'at-least-once'];
const RETENTIONS: readonly ExternalizedCheckpointRetention[] = ['delete-on-cancellation', 'retain-on-cancellation'];

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

  getCheckpointingMode(): CheckpointingMode {
    return this.config().mode;
  }

  setCheckpointingMode(mode: CheckpointingMode): this {
    this.config().mode = requireOneOf(mode, MODES, 'setCheckpointingMode()', 'the checkpointing mode');
    return this;
  }

  getMaxRetainedCheckpoints(): number {
    return this.config().retainedCheckpoints;
  }

  /** How many complete checkpoints are kept in the store (at least 1); older ones are deleted. */
  setMaxRetainedCheckpoints(count: number): this {
    this.config().retainedCheckpoints = requireWholeNumber(
      count,
      1,
      'setMaxRetainedCheckpoints()',
      'the number of retained checkpoints',
    );
    return this;
  }

  getExternalizedCheckpointRetention(): ExternalizedCheckpointRetention {
    return this.config().externalizedRetention;
  }

  /** Whether a canceled job's checkpoints stay in the store, to start it again from them. */
  setExternalizedCheckpointRetention(retention: ExternalizedCheckpointRetention): this {
    this.config().externalizedRetention = requireOneOf(
      retention,
      RETENTIONS,
      'setExternalizedCheckpointRetention()',
      'the externalized checkpoint retention',
    );
    return this;
  }

  getCheckpointStorage(): CheckpointStorage {
    return this.config().storage;
  }

  /**
   * Where checkpoints go: `'memory'`, a directory (`'file:///var/weir/checkpoints'` or an absolute
   * path) or Redis (`'redis://host:6379'`, `'rediss://…'` for TLS; a password in the URL).
   */
  setCheckpointStorage(location: string): this {
    this.config().storage = parseCheckpointStorage(location);
    return this;
  }
}

function parseCheckpointStorage(location: string): CheckpointStorage {
  const setter = 'setCheckpointStorage()';
  if (typeof location !== 'string' || location.length === 0) {
    throw configError(
      setter,
      `the checkpoint storage must be 'memory', a directory or a redis:// URL, not ${String(location)}.`,
    );
  }
  if (location === 'memory') return { kind: 'memory' };
  if (location.startsWith('/')) return { kind: 'directory', path: location };
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw configError(setter, `'${location}' is neither 'memory', an absolute directory nor a URL.`);
  }
  if (url.protocol === 'file:') return { kind: 'directory', path: decodeURIComponent(url.pathname) };
  if (url.protocol === 'redis:' || url.protocol === 'rediss:') {
    const password = url.password === '' ? undefined : decodeURIComponent(url.password);
    return { kind: 'redis', url: location, password, tls: url.protocol === 'rediss:' };
  }
  throw configError(setter, `the scheme of '${location}' is not one of file:, redis:, rediss:.`);
}
