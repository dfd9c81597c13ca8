/**
 * One job on the cluster: the JobCoordinator (the same one embedded mode uses: split enumerators,
 * completion, restart strategy) with a RemoteSlotHost per slot, plus what only a cluster has: slots
 * from the registry, per-subtask states, the job's record, and its client-sink output.
 */
import {
  TERMINAL_STATUSES,
  type ClusterJobStatus,
  type DeployRequest,
  type JobDetail,
  type ProgressReport,
  type SavepointResponse,
  type SubtaskState,
  type TaskReport,
} from '@weir/cluster';
import { RuntimeFailure } from '@weir/common';
import type { CheckpointStorage, JobBuildOptions, StreamGraph } from '@weir/core';
import {
  checkpointLocation,
  deliverToCoordinator,
  hostOf,
  JobCoordinator,
  planFingerprint,
  serializeError,
  subtaskKey,
  type ChannelBufferConfig,
  type CheckpointBarrier,
  type CheckpointStats,
  type CoordinatorGateway,
  type JobGraph,
  type RestorePlan,
  type SavepointRestoreSettings,
  type SerializedError,
  type SnapshotLocation,
} from '@weir/runtime';
import type { ControlConnection } from './control-connection';
import { JobOutput } from './job-output';
import type { JobRecord } from './job-store';
import { RemoteSlotHost } from './remote-slot-host';
import type { SlotRequest, TaskManagerRegistry } from './task-manager-registry';

export interface ClusterJobOptions {
  jobId: string;
  streamGraph: StreamGraph;
  jobGraph: JobGraph;
  buildOptions: JobBuildOptions;
  bufferConfig: ChannelBufferConfig;
  control: ControlConnection;
  registry: TaskManagerRegistry;
  deployTimeoutMs: number;
  collectOutput: boolean;
  outputLimit: number;
  /** Where the job's checkpoints and savepoints go: what it names, Redis if it names none. */
  checkpointStorage: CheckpointStorage;
  /** The savepoint the job starts from (weir run --from-savepoint). */
  restoreFrom?: SavepointRestoreSettings;
  /** When the job was submitted (epoch milliseconds), kept when a restarted JobManager resumes it. */
  submittedAt: number;
  /** What a JobManager that died had run of the job, when this one resumes it. */
  resumed?: ResumedJob;
  /** Records an attempt's number (the fencing token of its slots) before any of its slots deploys. */
  saveAttempt: (attempt: number) => Promise<void>;
  /** Told what goes wrong without failing the job (a corrupt checkpoint skipped). */
  log: (message: string) => void;
  /** Told when a checkpoint is triggered, completes or fails. */
  onCheckpointStats: (stats: CheckpointStats) => void;
  /** Called whenever the job's summary may have changed, to keep its record up to date. */
  onChange: (job: ClusterJob) => void;
}

/** A job resumed by a restarted JobManager: what the one before it had run. */
export interface ResumedJob {
  /** The newest attempt it deployed: this JobManager's attempts are numbered past it, so its slots are stale. */
  attempt: number;
  restarts: number;
  /** The highest checkpoint id it used: new checkpoints go on past it. */
  checkpointId: number;
}

export class ClusterJob {
  readonly output: JobOutput;
  private readonly coordinator: JobCoordinator;
  private readonly slotsNeeded: number;
  private attempt = 0;
  private hosts: RemoteSlotHost[] = [];
  private slotRequest: SlotRequest | undefined;
  private reports = new Map<string, 'running' | 'finished' | 'failed'>();
  private failure: SerializedError | undefined;
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  private restarts: number;
  /** The savepoint being triggered, while its barrier goes out (see announceCheckpoint). */
  private savepointName: string | undefined;
  private lastAnnounced = 0;

  constructor(private readonly options: ClusterJobOptions) {
    this.restarts = options.resumed?.restarts ?? 0;
    const { jobId, streamGraph, jobGraph, resumed } = options;
    this.slotsNeeded = Math.max(...jobGraph.vertices.map((v) => v.parallelism));
    this.output = new JobOutput(options.collectOutput, options.outputLimit, () =>
      this.coordinator.taskFailed(
        { vertex: -1, subtask: -1 },
        new RuntimeFailure(
          `The client reading the output of job ${jobId} fell more than ${options.outputLimit} batches behind ` +
            '(clientOutputBufferBatches); the job was failed rather than buffer its output without bound.',
        ),
      ),
    );
    this.coordinator = new JobCoordinator(
      jobId,
      streamGraph,
      jobGraph,
      (attempt, gateway, restore) => this.createHosts(attempt, gateway, restore),
      {
        checkpointStorage: options.checkpointStorage,
        restoreFrom: options.restoreFrom,
        log: options.log,
        onCheckpointStats: options.onCheckpointStats,
        checkpointIdsUsedUpTo: resumed?.checkpointId,
        // Why an attempt failed, in the JobManager's log: a restart otherwise leaves no trace of it.
        onAttemptFailed: (attempt, error) =>
          options.log(
            `Job ${jobId} attempt ${attempt} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      },
    );
    this.coordinator.result.then(
      (result) => this.ended(undefined, (resumed?.restarts ?? 0) + result.restarts),
      (error: unknown) => this.ended(serializeError(error), this.restarts),
    );
  }

  get jobId(): string {
    return this.options.jobId;
  }

  get checkpointStorage(): CheckpointStorage {
    return this.options.checkpointStorage;
  }

  start(): void {
    this.coordinator.start();
  }

  async cancel(): Promise<void> {
    this.slotRequest?.cancel();
    await this.coordinator.cancel();
  }

  /** Takes a savepoint under `name` (or a generated one); resolves with where it is. */
  triggerSavepoint(name = this.savepointNameNow()): Promise<SavepointResponse> {
    return this.withSavepointName(name, () => this.coordinator.triggerSavepoint(name));
  }

  /** Takes a final savepoint and cancels the job (JobCoordinator.stopWithSavepoint). */
  stopWithSavepoint(name = this.savepointNameNow()): Promise<SavepointResponse> {
    return this.withSavepointName(name, () => this.coordinator.stopWithSavepoint(name));
  }

  isTerminal(): boolean {
    return TERMINAL_STATUSES.includes(this.status());
  }

  private savepointNameNow(): string {
    return `savepoint-${this.jobId}-${Date.now()}`;
  }

  /** Runs `take`, which triggers the savepoint synchronously, with its name where announceCheckpoint sees it. */
  private async withSavepointName(name: string, take: () => Promise<string>): Promise<SavepointResponse> {
    this.savepointName = name;
    let taken: Promise<string>;
    try {
      taken = take();
    } finally {
      this.savepointName = undefined;
    }
    return { name, location: await taken };
  }

  /** A subtask's call to the coordinator; ignored unless it comes from the current attempt. */
  onTaskReport(report: TaskReport): void {
    const host = this.currentHost(report);
    if (host === undefined) return;
    const { message } = report;
    switch (message.t) {
      case 'stdout':
        this.output.push({ kind: 'stdout', text: message.text });
        return;
      case 'client':
        // As the coordinator does embedded: only a running attempt's output reaches the client.
        if (this.coordinator.status === 'running') {
          this.output.push({ kind: 'values', node: message.node, subtask: message.subtask, values: message.values });
        }
        return;
      case 'ack-stored':
        this.coordinator.acknowledgeStoredCheckpoint(message.task, message.checkpoint, message.digest, message.metrics);
        return;
      case 'upload-failed':
        this.coordinator.checkpointUploadFailed(message.task, message.checkpoint, message.reason);
        return;
      case 'running':
      case 'finished':
      case 'failed':
        this.reports.set(subtaskKey(message.task.vertex, message.task.subtask), message.t);
        this.options.onChange(this);
        break;
    }
    deliverToCoordinator(message, host.gateway);
  }

  onProgress(report: ProgressReport): void {
    this.currentHost(report)?.onProgress(report);
  }

  taskManagerLost(tmId: string, reason: Error): void {
    for (const host of this.hosts) if (host.tmId === tmId) host.taskManagerLost(reason);
  }

  /** The slots of the current attempt, for a TaskManager that asks whether it should still run them. */
  runsIn(report: { attempt: number; hostIndex: number }): boolean {
    return this.currentHost(report) !== undefined && !this.isTerminal();
  }

  status(): ClusterJobStatus {
    const status = this.coordinator.status;
    if (status !== 'created') return status;
    if (this.hosts.length === 0 || this.hosts.some((h) => h.phase === 'waiting')) return 'created';
    return this.hosts.some((h) => h.phase === 'deploying') ? 'deploying' : 'scheduled';
  }

  summary(): JobRecord {
    const waiting = this.slotRequest?.waitingFor();
    return {
      jobId: this.jobId,
      jobName: this.options.jobGraph.jobName,
      status: this.status(),
      submittedAt: this.options.submittedAt,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      restarts: this.restarts,
      error: this.failure?.message ?? waiting,
      slots: this.slotsNeeded,
      failure: this.failure,
    };
  }

  detail(): JobDetail {
    const progress = this.coordinator.progress();
    const subtasks = this.options.jobGraph.vertices.flatMap((vertex) =>
      Array.from({ length: vertex.parallelism }, (_, subtask) => {
        const host = this.hosts[hostOf(subtask, this.hosts.length)] as RemoteSlotHost | undefined;
        return {
          vertex: vertex.id,
          vertexName: vertex.name,
          subtask,
          state: this.subtaskState(vertex.id, subtask, host),
          taskManager: host?.tmId,
        };
      }),
    );
    return {
      ...this.summary(),
      attempt: this.attempt,
      recordsFromSources: progress.recordsFromSources,
      recordsToSinks: progress.recordsToSinks,
      droppedMessages: this.hosts.reduce((n, host) => n + host.droppedMessages, 0),
      vertices: this.options.jobGraph.vertices.map((v) => ({ id: v.id, name: v.name, parallelism: v.parallelism })),
      subtasks,
    };
  }

  private subtaskState(vertex: number, subtask: number, host: RemoteSlotHost | undefined): SubtaskState {
    const reported = this.reports.get(subtaskKey(vertex, subtask));
    if (reported === 'finished' || reported === 'failed') return reported;
    switch (host?.phase) {
      case undefined:
      case 'waiting':
        return host?.tmId === undefined ? 'created' : 'scheduled';
      case 'deploying':
      case 'deployed':
        return 'deploying';
      case 'running':
        return reported === 'running' ? 'running' : 'deploying';
      case 'stopping':
        return 'canceling';
      case 'stopped':
        return this.coordinator.status === 'failed' ? 'failed' : 'canceled';
    }
  }

  private createHosts(
    coordinatorAttempt: number,
    gateway: CoordinatorGateway,
    restore: RestorePlan | undefined,
  ): RemoteSlotHost[] {
    const { resumed } = this.options;
    if (coordinatorAttempt > 1) {
      this.restarts = (resumed?.restarts ?? 0) + coordinatorAttempt - 1;
      this.output.push({ kind: 'restart' });
    }
    // Numbered on from the attempts of a JobManager that died: a TaskManager drops their slots for this one's.
    const attempt = (resumed?.attempt ?? 0) + coordinatorAttempt;
    this.attempt = attempt;
    this.startedAt = undefined;
    this.reports = new Map();
    const request = this.options.registry.requestSlots(this.slotsNeeded);
    this.slotRequest = request;
    const { jobId, jobGraph, buildOptions, bufferConfig, control, deployTimeoutMs, checkpointStorage } = this.options;
    const fingerprint = planFingerprint(jobGraph);
    const attemptSaved = this.options.saveAttempt(attempt);
    attemptSaved.catch(() => undefined);
    this.hosts = Array.from({ length: this.slotsNeeded }, (_, hostIndex) => {
      const deploy: DeployRequest = {
        jobId,
        attempt,
        hostIndex,
        numberOfHosts: this.slotsNeeded,
        buildOptions,
        fingerprint,
        bufferConfig,
        checkpointStorage,
        restore: restore && {
          location: restore.location,
          allowNonRestoredState: this.options.restoreFrom?.allowNonRestoredState ?? false,
        },
      };
      const slot = request.slots.then(async (slots) => {
        // No slot deploys before its attempt is recorded; a slot that cannot deploy goes back.
        await attemptSaved.catch((error: unknown) => {
          slots[hostIndex].release();
          throw error;
        });
        return slots[hostIndex];
      });
      return new RemoteSlotHost(
        {
          control,
          deploy,
          slot,
          deployTimeoutMs,
          onPhase: (host) => this.onPhase(host),
          onTrigger: (barrier) => this.announceCheckpoint(barrier),
        },
        gateway,
      );
    });
    this.options.onChange(this);
    return this.hosts;
  }

  /**
   * Tells every slot where checkpoint `barrier` goes, once, before its first source hears of it: a
   * slot stores its subtasks' snapshots itself, and a barrier does not say whether it is a savepoint's.
   */
  private announceCheckpoint(barrier: CheckpointBarrier): void {
    if (barrier.checkpointId === this.lastAnnounced) return;
    this.lastAnnounced = barrier.checkpointId;
    const location: SnapshotLocation =
      this.savepointName === undefined
        ? checkpointLocation(barrier.checkpointId)
        : { kind: 'savepoint', name: this.savepointName };
    for (const host of this.hosts) host.checkpointAt(barrier.checkpointId, location);
  }

  private onPhase(host: RemoteSlotHost): void {
    if (host.phase === 'running') this.startedAt ??= Date.now();
    this.options.onChange(this);
  }

  private currentHost(report: { attempt: number; hostIndex: number }): RemoteSlotHost | undefined {
    return report.attempt === this.attempt ? this.hosts[report.hostIndex] : undefined;
  }

  private ended(failure: SerializedError | undefined, restarts: number): void {
    this.failure = failure;
    this.restarts = restarts;
    this.endedAt = Date.now();
    this.slotRequest?.cancel();
    const summary = this.summary();
    this.output.push({ kind: 'end', job: summary, failure });
    this.options.onChange(this);
  }
}
