import { CheckpointError } from '@weir/common';
import type { CheckpointConfig } from '@weir/core';
import { subtaskKey, type CheckpointBarrier, type SubtaskAddress } from '../network/channel-event';
import type { CheckpointMetrics } from '../task/coordinator-gateway';
import { encodeMetadata, type CheckpointMetadata, type VertexSnapshotInfo } from './checkpoint-metadata';
import { CHECKPOINT_HISTORY_SIZE, type CheckpointStats } from './checkpoint-stats';
import { checkpointLocation, describeLocation, type SnapshotLocation, type SnapshotStore } from './snapshot-store';
import { digestOf, type BlobDigest } from './state-codec';

/** The vertices of the job as a checkpoint records them. */
export type CheckpointVertex = Omit<VertexSnapshotInfo, 'subtasks'>;

export interface CheckpointCoordinatorOptions {
  jobId: string;
  jobName: string;
  config: CheckpointConfig;
  store: SnapshotStore;
  vertices: readonly CheckpointVertex[];
  /**
   * Starts a checkpoint at the sources: snapshots the split enumerators and sends the barrier to
   * every source subtask, in one step, so no split assignment falls between the two. Returns the
   * enumerator checkpoints by source uid, or undefined when the job cannot take one now (a subtask
   * is not running).
   */
  triggerSources(barrier: CheckpointBarrier): Record<string, Uint8Array> | undefined;
  /** Asks one subtask that finished while the checkpoint was pending for its final snapshot. */
  triggerFinished(task: SubtaskAddress, barrier: CheckpointBarrier): void;
  /** Tells every subtask that a checkpoint is complete. */
  notifyComplete(checkpointId: number): void;
  /** More checkpoints failed in a row than the config tolerates. */
  failJob(error: CheckpointError): void;
  /** Told when a checkpoint is triggered, completes or fails (a JobManager keeps the history in Redis). */
  onStats?(stats: CheckpointStats): void;
}

interface PendingCheckpoint {
  readonly id: number;
  readonly location: SnapshotLocation;
  readonly barrier: CheckpointBarrier;
  readonly enumerators: Record<string, Uint8Array>;
  readonly waiting: Set<string>;
  readonly digests: Map<string, BlobDigest>;
  readonly uploads: Promise<void>[];
  readonly stats: CheckpointStats;
  readonly timeout: NodeJS.Timeout;
  readonly settle: { resolve: (stats: CheckpointStats) => void; reject: (error: Error) => void };
}

/**
 * Runs a job's checkpoints (DESIGN.md §6): triggers them at the configured interval (respecting the
 * minimum pause and the maximum concurrent ones), collects every subtask's acknowledgement and
 * stores its blob while the job runs on, then writes the metadata — the checkpoint is complete —
 * and notifies the subtasks. A checkpoint that times out, is declined or cannot be stored is
 * aborted and its partial data deleted; only more failures in a row than tolerated fail the job.
 * It lives wherever the job's coordinator does (the main thread embedded, the JobManager in a
 * cluster) and talks to subtasks only through the callbacks and the acks it is handed.
 */
export class CheckpointCoordinator {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCheckpoint>();
  private readonly stats: CheckpointStats[] = [];
  private consecutiveFailures = 0;
  private lastCompletedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Periodic checkpoints held off (a stop with a savepoint is under way); triggered ones go on. */
  private suspended = false;
  private readonly subtasks: string[];

  constructor(private readonly options: CheckpointCoordinatorOptions) {
    this.subtasks = options.vertices.flatMap((v) =>
      Array.from({ length: v.parallelism }, (_, i) => subtaskKey(v.vertex, i)),
    );
  }

  /** The next checkpoint gets this id (after a restore: one past the newest in the store). */
  continueFrom(checkpointId: number): void {
    this.nextId = Math.max(this.nextId, checkpointId);
  }

  /** Starts periodic checkpoints (when the config has an interval). */
  start(): void {
    this.running = true;
    if (this.options.config.intervalMs > 0) this.scheduleNext(this.options.config.intervalMs);
  }

  /** Stops triggering and aborts what is pending (the attempt is over); no failure is counted. */
  stop(reason: string): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const pending of [...this.pending.values()]) this.abort(pending, reason, false);
  }

  /** Triggers no more periodic checkpoints until `resume`; those in flight go on to complete or fail. */
  suspend(): void {
    this.suspended = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Periodic checkpoints again, the next one an interval from now. */
  resume(): void {
    this.suspended = false;
    if (this.options.config.intervalMs > 0 && this.timer === undefined)
      this.scheduleNext(this.options.config.intervalMs);
  }

  /** The checkpoint history, oldest first. */
  history(): readonly CheckpointStats[] {
    return this.stats;
  }

  /** Takes a checkpoint now, or a savepoint with `savepointName`; resolves when it is complete. */
  trigger(savepointName?: string): Promise<CheckpointStats> {
    const id = this.nextId;
    const barrier: CheckpointBarrier = {
      kind: 'barrier',
      checkpointId: id,
      timestamp: Date.now(),
      // A savepoint is aligned, so it holds no in-flight data and restores at any parallelism.
      ...(savepointName !== undefined ? { aligned: true } : {}),
    };
    const enumerators = this.options.triggerSources(barrier);
    if (enumerators === undefined) {
      return Promise.reject(
        new CheckpointError(
          `Job '${this.options.jobName}' cannot take checkpoint ${id} now: not every subtask is running.`,
        ),
      );
    }
    this.nextId++;
    const savepoint = savepointName !== undefined;
    const location: SnapshotLocation = savepoint ? { kind: 'savepoint', name: savepointName } : checkpointLocation(id);
    const stats: CheckpointStats = {
      id,
      savepoint,
      status: 'in-progress',
      triggeredAt: barrier.timestamp,
      durationMs: undefined,
      sizeBytes: 0,
      alignmentMs: {},
      syncMs: {},
      location: undefined,
      failure: undefined,
    };
    this.record(stats);
    return new Promise<CheckpointStats>((resolve, reject) => {
      const pending: PendingCheckpoint = {
        id,
        location,
        barrier,
        enumerators,
        waiting: new Set(this.subtasks),
        digests: new Map(),
        uploads: [],
        stats,
        timeout: setTimeout(
          () => this.abort(pending, `it did not complete within ${this.options.config.timeoutMs} ms`, true),
          this.options.config.timeoutMs,
        ),
        settle: { resolve, reject },
      };
      this.pending.set(id, pending);
    });
  }

  /**
   * A subtask's snapshot: its bytes, which are stored here, or the digest of a blob its host has
   * already stored at the checkpoint's location (a TaskManager uploads its slots' state itself).
   */
  acknowledge(
    task: SubtaskAddress,
    checkpointId: number,
    state: Uint8Array | BlobDigest,
    metrics: CheckpointMetrics,
  ): void {
    const pending = this.pending.get(checkpointId);
    const key = subtaskKey(task.vertex, task.subtask);
    if (pending === undefined || !pending.waiting.delete(key)) return;
    const digest = state instanceof Uint8Array ? digestOf(state) : state;
    pending.digests.set(key, digest);
    pending.stats.sizeBytes += digest.size;
    if (metrics.alignmentMs > 0) pending.stats.alignmentMs[key] = metrics.alignmentMs;
    pending.stats.syncMs[key] = metrics.syncMs;
    if (state instanceof Uint8Array) {
      // Stored while the job runs on; a failed upload fails this checkpoint only.
      const upload = this.options.store.putState(pending.location, task.vertex, task.subtask, state);
      upload.catch(() => {});
      pending.uploads.push(upload);
    }
    if (pending.waiting.size === 0) void this.complete(pending);
  }

  /** A subtask's host could not store its snapshot: the checkpoint fails (and counts as failed). */
  uploadFailed(task: SubtaskAddress, checkpointId: number, reason: string): void {
    const pending = this.pending.get(checkpointId);
    if (pending !== undefined) {
      this.abort(
        pending,
        `subtask ${subtaskKey(task.vertex, task.subtask)} could not store its state: ${reason}`,
        true,
      );
    }
  }

  /**
   * A subtask finished (FLIP-147): a pending checkpoint it has not acknowledged gets its final
   * snapshot instead, since no barrier reaches it any more; a pending savepoint, which needs every
   * subtask running, is given up.
   */
  subtaskFinished(task: SubtaskAddress): void {
    const key = subtaskKey(task.vertex, task.subtask);
    for (const pending of [...this.pending.values()]) {
      if (!pending.waiting.has(key)) continue;
      if (pending.stats.savepoint) this.abort(pending, `subtask ${key} finished before it was taken`, false);
      else this.options.triggerFinished(task, pending.barrier);
    }
  }

  /** A subtask could not take the checkpoint: it failed, or a newer checkpoint superseded it. No failure. */
  decline(task: SubtaskAddress, checkpointId: number, reason: string): void {
    const pending = this.pending.get(checkpointId);
    if (pending !== undefined)
      this.abort(pending, `subtask ${subtaskKey(task.vertex, task.subtask)} declined: ${reason}`, false);
  }

  private async complete(pending: PendingCheckpoint): Promise<void> {
    const { store } = this.options;
    try {
      await Promise.all(pending.uploads);
      if (this.pending.get(pending.id) !== pending) return;
      const metadata: CheckpointMetadata = {
        version: 1,
        jobId: this.options.jobId,
        jobName: this.options.jobName,
        checkpointId: pending.id,
        savepoint: pending.stats.savepoint,
        timestamp: pending.barrier.timestamp,
        vertices: this.options.vertices.map((v) => ({
          ...v,
          subtasks: Array.from({ length: v.parallelism }, (_, i) => pending.digests.get(subtaskKey(v.vertex, i))!),
        })),
        enumerators: pending.enumerators,
      };
      await store.putMetadata(pending.location, encodeMetadata(metadata));
    } catch (error) {
      this.abort(pending, `it could not be stored: ${(error as Error).message}`, true);
      return;
    }
    if (this.pending.get(pending.id) !== pending) {
      // Aborted (timed out) while its metadata was written: it must not stay complete.
      await store.discard(pending.location).catch(() => {});
      return;
    }
    clearTimeout(pending.timeout);
    this.pending.delete(pending.id);
    this.consecutiveFailures = 0;
    this.lastCompletedAt = Date.now();
    Object.assign(pending.stats, {
      status: 'completed',
      durationMs: this.lastCompletedAt - pending.barrier.timestamp,
      location: store.describe(pending.location),
    });
    this.options.onStats?.(pending.stats);
    this.options.notifyComplete(pending.id);
    pending.settle.resolve(pending.stats);
    if (!pending.stats.savepoint) await this.discardRetired();
  }

  private abort(pending: PendingCheckpoint, reason: string, countsAsFailure: boolean): void {
    if (this.pending.get(pending.id) !== pending) return;
    clearTimeout(pending.timeout);
    this.pending.delete(pending.id);
    const error = new CheckpointError(
      `${capitalize(describeLocation(pending.location))} of job '${this.options.jobName}' failed: ${reason}.`,
    );
    Object.assign(pending.stats, {
      status: 'failed',
      failure: error.message,
      durationMs: Date.now() - pending.barrier.timestamp,
    });
    this.options.onStats?.(pending.stats);
    pending.settle.reject(error);
    // After the uploads settle, so none writes into what was deleted.
    void Promise.allSettled(pending.uploads).then(() => this.options.store.discard(pending.location).catch(() => {}));
    if (!countsAsFailure || !this.running) return;
    this.consecutiveFailures++;
    if (this.consecutiveFailures > this.options.config.tolerableFailedCheckpoints) {
      this.options.failJob(
        new CheckpointError(
          `${this.consecutiveFailures} checkpoints in a row failed, more than the ${this.options.config.tolerableFailedCheckpoints} ` +
            `tolerated (setTolerableCheckpointFailureNumber); the last: ${error.message}`,
          { cause: error },
        ),
      );
    }
  }

  /** Deletes complete checkpoints beyond the retained count, oldest first. */
  private async discardRetired(): Promise<void> {
    const { store, config } = this.options;
    try {
      const ids = await store.completedCheckpoints();
      for (const id of ids.slice(0, Math.max(0, ids.length - config.retainedCheckpoints))) {
        await store.discard(checkpointLocation(id));
      }
    } catch {
      // Retired checkpoints that could not be deleted now are deleted after a later one completes.
    }
  }

  private scheduleNext(delayMs: number): void {
    if (!this.running || this.suspended) return;
    this.timer = setTimeout(() => this.onTimer(), delayMs);
    this.timer.unref?.();
  }

  private onTimer(): void {
    const { config } = this.options;
    const pauseLeft = this.lastCompletedAt + config.minPauseBetweenCheckpointsMs - Date.now();
    if (this.pending.size >= config.maxConcurrentCheckpoints || pauseLeft > 0) {
      this.scheduleNext(Math.max(pauseLeft, 10));
      return;
    }
    this.trigger().catch(() => {});
    this.scheduleNext(config.intervalMs);
  }

  private record(stats: CheckpointStats): void {
    this.stats.push(stats);
    if (this.stats.length > CHECKPOINT_HISTORY_SIZE) this.stats.shift();
    this.options.onStats?.(stats);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
