import { CheckpointError, JobCanceledError, JobExecutionError } from '@weir/common';
import {
  isClientSink,
  restartDelay,
  type CheckpointStorage,
  type SourceSplit,
  type SplitEnumerator,
  type SplitEnumeratorContext,
  type StreamGraph,
} from '@weir/core';
import { CheckpointCoordinator } from '../checkpoint/checkpoint-coordinator';
import type { CheckpointStats } from '../checkpoint/checkpoint-stats';
import { createSnapshotStore } from '../checkpoint/create-snapshot-store';
import { planRestore, type RestorePlan } from '../checkpoint/restore-plan';
import { loadLatestCheckpoint, loadSnapshot, type LoadedSnapshot } from '../checkpoint/snapshot-loader';
import type { SnapshotLocation, SnapshotStore } from '../checkpoint/snapshot-store';
import { snapshotStoreHolding } from '../checkpoint/snapshot-store-holding';
import { decodeState, encodeState, type BlobDigest } from '../checkpoint/state-codec';
import type { JobGraph } from '../graph/job-graph';
import { subtaskKey, type CheckpointBarrier, type SubtaskAddress } from '../network/channel-event';
import type { CheckpointMetrics, CoordinatorGateway } from '../task/coordinator-gateway';
import type { HostHandle } from './host-handle';
import type { JobExecutionResult, JobProgress, JobStatus } from './job-client';
import { WatermarkAlignmentCoordinator } from './watermark-alignment-coordinator';

/** Makes the hosts of one attempt of the job; `restore` is what its subtasks start from. */
export type HostFactory = (
  attemptNumber: number,
  coordinator: CoordinatorGateway,
  restore: RestorePlan | undefined,
) => HostHandle[];

/** A savepoint (or retained checkpoint) a job starts from, as `weir run --from-savepoint` gives it. */
export interface SavepointRestoreSettings {
  /** A savepoint's name in the job's checkpoint storage, or the absolute path of its directory. */
  readonly savepoint: string;
  /** Drop state of operators the job no longer has, instead of refusing to start. */
  readonly allowNonRestoredState: boolean;
  /** The job whose checkpoint storage holds the savepoint, when another's (see SavepointLocation). */
  readonly jobId?: string;
}

export interface JobCoordinatorOptions {
  readonly restoreFrom?: SavepointRestoreSettings;
  /** Told about what goes wrong without failing the job (a corrupt checkpoint skipped). Default: stderr. */
  readonly log?: (message: string) => void;
  /** Where checkpoints go instead of the job's own setting (a cluster puts a job's 'memory' in Redis). */
  readonly checkpointStorage?: CheckpointStorage;
  /** Told why an attempt failed, before it is restarted or the job fails (a JobManager logs it). */
  readonly onAttemptFailed?: (attempt: number, error: unknown) => void;
  /** Told when a checkpoint is triggered, completes or fails (a JobManager keeps the history in Redis). */
  readonly onCheckpointStats?: (stats: CheckpointStats) => void;
  /** Checkpoint ids up to this one were used before (by a JobManager that died): the next starts past it. */
  readonly checkpointIdsUsedUpTo?: number;
}

interface SourceCoordinator {
  readonly enumerator: SplitEnumerator<SourceSplit, unknown>;
  readonly readers: Set<number>;
}

/**
 * The JobManager's role for one job (in embedded mode, on the main thread): deploys the subtasks,
 * runs the source split enumerators, tracks subtasks to the job's end, and on a failure restarts
 * the job by its restart strategy or fails it with the cause.
 */
export class JobCoordinator implements CoordinatorGateway {
  private state: JobStatus = 'created';
  private attemptNumber = 0;
  private restarts = 0;
  private hosts: HostHandle[] = [];
  private sources = new Map<number, SourceCoordinator>();
  /** The subtasks of this attempt that have finished, by subtaskKey. */
  private finishedTasks = new Set<string>();
  private readonly totalTasks: number;
  private readonly startedAt = Date.now();
  private endedAt: number | undefined;
  private handlingFailure = false;
  private runningTasks = 0;
  /** Set when the attempt failed while it was being finalized, so it does not end as finished. */
  private attemptFailed = false;
  private readonly store: SnapshotStore;
  private readonly checkpoints: CheckpointCoordinator;
  private readonly alignment: WatermarkAlignmentCoordinator;
  private firstCheckpointId: number | undefined;
  private readonly log: (message: string) => void;
  private settle!: { resolve: (r: JobExecutionResult) => void; reject: (e: Error) => void };
  readonly result: Promise<JobExecutionResult>;

  constructor(
    readonly jobId: string,
    private readonly streamGraph: StreamGraph,
    private readonly jobGraph: JobGraph,
    private readonly createHosts: HostFactory,
    private readonly options: JobCoordinatorOptions = {},
  ) {
    this.totalTasks = jobGraph.vertices.reduce((n, v) => n + v.parallelism, 0);
    this.log = options.log ?? ((message) => void process.stderr.write(`${message}\n`));
    const checkpointConfig = jobGraph.config.checkpoint;
    if (checkpointConfig.unaligned && checkpointConfig.mode !== 'exactly-once') {
      this.log(
        `Job '${jobGraph.jobName}': unaligned checkpoints are for exactly-once mode; in ${checkpointConfig.mode} mode ` +
          'nothing waits for alignment anyway (enableUnalignedCheckpoints is ignored).',
      );
    }
    this.store = createSnapshotStore(options.checkpointStorage ?? checkpointConfig.storage, jobId);
    this.checkpoints = new CheckpointCoordinator({
      jobId,
      jobName: jobGraph.jobName,
      config: {
        ...checkpointConfig,
        // A batch job recovers by running again from its bounded input (docs/architecture.md §5).
        intervalMs: jobGraph.config.runtimeMode === 'batch' ? 0 : checkpointConfig.intervalMs,
      },
      store: this.store,
      vertices: jobGraph.vertices.map((v) => ({
        vertex: v.id,
        name: v.name,
        parallelism: v.parallelism,
        maxParallelism: v.maxParallelism,
        uids: v.nodes.map((n) => n.uid),
      })),
      triggerSources: (barrier) => this.triggerSources(barrier),
      triggerFinished: (task, barrier) => this.hostFor(task.subtask).triggerCheckpoint?.(task, barrier),
      notifyComplete: (id) => this.hosts.forEach((h) => h.notifyCheckpointComplete?.(id)),
      failJob: (error) => void this.handleFailure(error),
      onStats: options.onCheckpointStats,
    });
    this.alignment = new WatermarkAlignmentCoordinator(jobGraph, (task, event) =>
      this.hostFor(task.subtask).deliverSourceEvent(task, event),
    );
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // The client may never ask for the result; a failure must not become an unhandled rejection.
    this.result.catch(() => {});
  }

  get status(): JobStatus {
    return this.state;
  }

  start(): void {
    void this.runAttempt();
  }

  progress(): JobProgress {
    let recordsFromSources = 0;
    let recordsToSinks = 0;
    for (const host of this.hosts) {
      const p = host.progress();
      recordsFromSources += p.recordsFromSources;
      recordsToSinks += p.recordsToSinks;
    }
    return {
      status: this.state,
      recordsFromSources,
      recordsToSinks,
      elapsedMs: (this.endedAt ?? Date.now()) - this.startedAt,
    };
  }

  async cancel(): Promise<void> {
    if (this.isTerminal()) return;
    this.state = 'canceling';
    await this.stopAttempt();
    this.end('canceled', new JobCanceledError(`Job '${this.jobGraph.jobName}' was canceled.`));
  }

  /** Takes a savepoint (a checkpoint kept under a name); resolves with where it is. */
  async triggerSavepoint(name?: string): Promise<string> {
    if (this.state !== 'running') {
      throw new CheckpointError(
        `Job '${this.jobGraph.jobName}' is ${this.state}: only a running job can take a savepoint.`,
      );
    }
    const stats = await this.checkpoints.trigger(name ?? `savepoint-${this.jobId}-${Date.now()}`);
    return stats.location!;
  }

  /**
   * Takes a final savepoint, then cancels the job (`weir stop --savepoint`). Periodic checkpoints
   * stop first: one completing after the savepoint would commit output the savepoint does not hold,
   * which a job restored from it would then commit again. If the savepoint fails, the job goes on
   * and checkpoints again.
   */
  async stopWithSavepoint(name?: string): Promise<string> {
    this.checkpoints.suspend();
    let location: string;
    try {
      location = await this.triggerSavepoint(name);
    } catch (error) {
      this.checkpoints.resume();
      throw error;
    }
    await this.cancel();
    return location;
  }

  /** The job's checkpoint history, oldest first. */
  checkpointHistory(): readonly CheckpointStats[] {
    return this.checkpoints.history();
  }

  // ---- CoordinatorGateway ----

  taskRunning(): void {
    this.runningTasks++;
    if (this.state === 'created' || this.state === 'restarting') this.state = 'running';
  }

  taskFinished(task: SubtaskAddress): void {
    if (this.state !== 'running') return;
    this.finishedTasks.add(subtaskKey(task.vertex, task.subtask));
    this.checkpoints.subtaskFinished(task);
    if (this.finishedTasks.size < this.totalTasks) return;
    void this.finishJob();
  }

  taskFailed(_task: SubtaskAddress, error: unknown): void {
    this.attemptFailed = true;
    void this.handleFailure(error);
  }

  acknowledgeCheckpoint(
    task: SubtaskAddress,
    checkpointId: number,
    state: Uint8Array,
    metrics: CheckpointMetrics,
  ): void {
    this.checkpoints.acknowledge(task, checkpointId, state, metrics);
  }

  declineCheckpoint(task: SubtaskAddress, checkpointId: number, reason: string): void {
    this.checkpoints.decline(task, checkpointId, reason);
  }

  /** A subtask's snapshot that its host stored itself at the checkpoint's location (a TaskManager slot). */
  acknowledgeStoredCheckpoint(
    task: SubtaskAddress,
    checkpointId: number,
    digest: BlobDigest,
    metrics: CheckpointMetrics,
  ): void {
    this.checkpoints.acknowledge(task, checkpointId, digest, metrics);
  }

  /** A subtask's host could not store its snapshot: that checkpoint fails, the job goes on. */
  checkpointUploadFailed(task: SubtaskAddress, checkpointId: number, reason: string): void {
    this.checkpoints.uploadFailed(task, checkpointId, reason);
  }

  registerReader(task: SubtaskAddress): void {
    this.onSource(task, (source) => {
      source.readers.add(task.subtask);
      source.enumerator.addReader(task.subtask);
    });
  }

  requestSplit(task: SubtaskAddress): void {
    this.onSource(task, (source) => source.enumerator.handleSplitRequest(task.subtask));
  }

  reportWatermark(task: SubtaskAddress, watermark: number): void {
    if (this.state === 'running') this.alignment.report(task, watermark);
  }

  sendToClient(nodeId: number, subtask: number, values: unknown[]): void {
    if (this.state !== 'running') return;
    const operator = this.streamGraph.node(nodeId).operator;
    if (operator.kind === 'sink' && isClientSink(operator.sink)) operator.sink.receive(values, subtask);
  }

  // ---- attempts ----

  private async runAttempt(): Promise<void> {
    this.attemptNumber++;
    this.finishedTasks = new Set();
    this.runningTasks = 0;
    this.attemptFailed = false;
    this.alignment.reset();
    this.hosts = [];
    try {
      const restore = await this.restorePlan();
      if (this.state === 'canceling' || this.isTerminal()) return;
      // From the beginning again: what client sinks got from the failed attempt comes again.
      if (this.attemptNumber > 1 && restore === undefined) this.forEachClientSink((sink) => sink.onRestart?.());
      this.hosts = this.createHosts(this.attemptNumber, this, restore);
      await Promise.all(this.hosts.map((h) => h.deploy()));
      this.startEnumerators(restore?.enumerators);
      if (this.state === 'created' || this.state === 'restarting') this.state = 'running';
      for (const host of this.hosts) host.start();
      this.checkpoints.start();
    } catch (error) {
      await this.handleFailure(error);
    }
  }

  /**
   * What this attempt starts from (DESIGN.md §6 step 6): the latest complete checkpoint that loads
   * (a corrupt one is reported and the one before it used), else the savepoint the job was started
   * from, else nothing.
   */
  private async restorePlan(): Promise<RestorePlan | undefined> {
    let loaded: LoadedSnapshot | undefined = await loadLatestCheckpoint(this.store, (error) =>
      this.log(`Job '${this.jobGraph.jobName}': ${error.message} Falling back to the checkpoint before it.`),
    );
    const savepoint = this.options.restoreFrom;
    if (loaded === undefined && savepoint !== undefined) {
      const location: SnapshotLocation = { kind: 'savepoint', name: savepoint.savepoint, jobId: savepoint.jobId };
      loaded = await loadSnapshot(snapshotStoreHolding(location, this.store, this.jobId), location);
    }
    if (this.firstCheckpointId === undefined) {
      const ids = await this.store.completedCheckpoints();
      const used = Math.max(
        ids.at(-1) ?? 0,
        loaded?.metadata.checkpointId ?? 0,
        this.options.checkpointIdsUsedUpTo ?? 0,
      );
      this.firstCheckpointId = used + 1;
      this.checkpoints.continueFrom(this.firstCheckpointId);
    }
    if (loaded === undefined) return undefined;
    return planRestore(loaded, this.jobGraph, savepoint?.allowNonRestoredState ?? false);
  }

  /**
   * Starts checkpoint `barrier` (see CheckpointCoordinatorOptions.triggerSources) once every subtask
   * has started and every host can take checkpoints: at the source subtasks, and at the finished
   * ones, which no barrier reaches and which answer with their final snapshot (FLIP-147). A
   * savepoint needs every subtask running.
   */
  private triggerSources(barrier: CheckpointBarrier): Record<string, Uint8Array> | undefined {
    if (this.state !== 'running' || this.runningTasks < this.totalTasks) return undefined;
    if (barrier.aligned === true && this.finishedTasks.size > 0) return undefined;
    if (this.hosts.some((h) => h.triggerCheckpoint === undefined)) return undefined;
    const enumerators: Record<string, Uint8Array> = {};
    for (const vertex of this.jobGraph.vertices) {
      const source = this.sources.get(vertex.id);
      if (source !== undefined) {
        enumerators[vertex.nodes[0].uid] = encodeState(source.enumerator.snapshotState(barrier.checkpointId));
      }
      for (let subtask = 0; subtask < vertex.parallelism; subtask++) {
        const task = { vertex: vertex.id, subtask };
        if (source !== undefined || this.finishedTasks.has(subtaskKey(vertex.id, subtask))) {
          this.hostFor(subtask).triggerCheckpoint!(task, barrier);
        }
      }
    }
    return enumerators;
  }

  /** Every subtask finished: sinks commit their last output (the job's end is its last checkpoint), then the job ends. */
  private async finishJob(): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.finalizeJob?.()));
    if (this.attemptFailed || this.state !== 'running') return;
    await this.stopAttempt();
    this.end('finished');
  }

  private startEnumerators(restored: ReadonlyMap<number, Uint8Array> | undefined): void {
    this.sources = new Map();
    for (const vertex of this.jobGraph.vertices) {
      const head = vertex.nodes[0].operator;
      if (head.kind !== 'source') continue;
      const readers = new Set<number>();
      const context: SplitEnumeratorContext<SourceSplit> = {
        currentParallelism: vertex.parallelism,
        registeredReaders: () => readers,
        assignSplits: (subtask, splits) =>
          this.hostFor(subtask).deliverSourceEvent({ vertex: vertex.id, subtask }, { kind: 'splits', splits }),
        signalNoMoreSplits: (subtask) =>
          this.hostFor(subtask).deliverSourceEvent({ vertex: vertex.id, subtask }, { kind: 'no-more-splits' }),
      };
      const checkpoint = restored?.get(vertex.id);
      const enumerator =
        checkpoint === undefined
          ? head.source.createEnumerator(context)
          : head.source.restoreEnumerator(context, decodeState(checkpoint));
      this.sources.set(vertex.id, { enumerator, readers });
      enumerator.start();
    }
  }

  private hostFor(subtask: number): HostHandle {
    return this.hosts[subtask % this.hosts.length];
  }

  private onSource(task: SubtaskAddress, action: (source: SourceCoordinator) => void): void {
    const source = this.sources.get(task.vertex);
    if (source === undefined || this.state !== 'running') return;
    try {
      action(source);
    } catch (error) {
      void this.handleFailure(error);
    }
  }

  private async handleFailure(error: unknown): Promise<void> {
    if (this.handlingFailure || this.isTerminal() || this.state === 'canceling') return;
    this.handlingFailure = true;
    this.options.onAttemptFailed?.(this.attemptNumber, error);
    try {
      await this.stopAttempt();
      if (this.isTerminal() || (this.state as JobStatus) === 'canceling') return;
      const delay = restartDelay(this.streamGraph.config.restartStrategy, this.restarts + 1);
      if (delay === undefined) {
        const reason = error instanceof Error ? error.message : String(error);
        this.end('failed', new JobExecutionError(`Job '${this.jobGraph.jobName}' failed: ${reason}`, { cause: error }));
        return;
      }
      this.restarts++;
      this.state = 'restarting';
      await new Promise((resolve) => setTimeout(resolve, delay));
    } finally {
      this.handlingFailure = false;
    }
    if (this.state === 'restarting') await this.runAttempt();
  }

  private async stopAttempt(): Promise<void> {
    this.checkpoints.stop(`job '${this.jobGraph.jobName}' stopped its attempt ${this.attemptNumber}`);
    for (const source of this.sources.values()) {
      try {
        source.enumerator.close();
      } catch {
        // The attempt is over either way; a failing close must not hide the job's real outcome.
      }
    }
    this.sources.clear();
    const hosts = this.hosts;
    await Promise.all(hosts.map((h) => h.shutdown()));
  }

  private end(state: 'finished' | 'failed' | 'canceled', error?: Error): void {
    if (this.isTerminal()) return;
    this.state = state;
    const endedAt = Date.now();
    this.endedAt = endedAt;
    // The result waits for the store: a caller that then stops it (or the process) loses nothing.
    void this.releaseStore(state).then(() => {
      if (error) this.settle.reject(error);
      else {
        this.settle.resolve({
          jobId: this.jobId,
          jobName: this.jobGraph.jobName,
          durationMs: endedAt - this.startedAt,
          restarts: this.restarts,
        });
      }
    });
  }

  /**
   * A job that finished needs its checkpoints no more; a canceled or failed one keeps them only with
   * 'retain-on-cancellation' (externalized checkpoints). Savepoints are never deleted here.
   */
  private async releaseStore(state: 'finished' | 'failed' | 'canceled'): Promise<void> {
    try {
      const retain =
        state !== 'finished' && this.jobGraph.config.checkpoint.externalizedRetention === 'retain-on-cancellation';
      if (!retain) {
        for (const id of await this.store.completedCheckpoints()) await this.store.discard({ kind: 'checkpoint', id });
      }
    } catch (error) {
      this.log(`Job '${this.jobGraph.jobName}': its checkpoints could not be deleted: ${(error as Error).message}`);
    } finally {
      await this.store.close();
    }
  }

  private isTerminal(): boolean {
    return this.state === 'finished' || this.state === 'failed' || this.state === 'canceled';
  }

  private forEachClientSink(action: (sink: { onRestart?(): void }) => void): void {
    for (const node of this.streamGraph.nodes.values()) {
      if (node.operator.kind === 'sink' && isClientSink(node.operator.sink)) action(node.operator.sink);
    }
  }
}
