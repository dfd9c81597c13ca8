/**
 * The JobManager's jobs: submission (load the bundle, build the graphs, store the record and the
 * bundle, start the coordinator), cancellation, listing, resuming at start-up the jobs a JobManager
 * that died left running, and the control subjects on which TaskManagers register, beat and report
 * their subtasks.
 */
import { Injectable, Logger, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import {
  allHeartbeatsSubject,
  jobManagerSubject,
  JobManagerConfig,
  taskManagerSubject,
  type Heartbeat,
  type JobDetail,
  type JobSummary,
  type ProgressReport,
  type SavepointResponse,
  type StopJobResponse,
  type SubmitJobRequest,
  type SubmitJobResponse,
  type TaskManagerInfo,
  type TaskReport,
  TERMINAL_STATUSES,
} from '@weir/cluster';
import { JobDefinitionError } from '@weir/common';
import type { CheckpointStorage } from '@weir/core';
import {
  DEFAULT_BUFFER_CONFIG,
  createSnapshotStore,
  JobGraph,
  loadJobBundle,
  serializeError,
  type CheckpointHistory,
  type JobBundle,
  type SavepointRestoreSettings,
} from '@weir/runtime';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { CheckpointHistoryStore } from './checkpoint-history-store';
import { ClusterJob, type ResumedJob } from './cluster-job';
import { ControlConnection } from './control-connection';
import { JobStore, type JobRecord, type JobSubmission } from './job-store';
import { TaskManagerRegistry } from './task-manager-registry';

/** How long an ended job stays in memory (its output, its subtasks' detail) before only its record is left. */
const RETAIN_ENDED_JOB_MS = 10 * 60_000;

@Injectable()
export class JobService implements OnApplicationBootstrap {
  private readonly logger = new Logger('JobService');
  private readonly jobs = new Map<string, ClusterJob>();
  private readonly saved = new Map<string, string>();
  private readonly retiring = new Set<string>();

  constructor(
    private readonly config: JobManagerConfig,
    private readonly control: ControlConnection,
    private readonly store: JobStore,
    private readonly checkpointHistories: CheckpointHistoryStore,
    private readonly registry: TaskManagerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all([this.control.connect(), this.store.connect(), this.checkpointHistories.connect()]);
    // Before the first heartbeat: a TaskManager's slots of the jobs' former attempts are then seen as stale.
    await this.resumeJobs();
    const { clusterId } = this.config;
    this.control.subscribe<TaskManagerInfo>(jobManagerSubject(clusterId, 'register'), (info) => {
      this.registry.heartbeat(info);
    });
    this.control.subscribe<Heartbeat>(allHeartbeatsSubject(clusterId), (beat) => this.onHeartbeat(beat));
    this.control.subscribe<TaskReport>(jobManagerSubject(clusterId, 'task'), (report) =>
      this.jobs.get(report.jobId)?.onTaskReport(report),
    );
    this.control.subscribe<ProgressReport[]>(jobManagerSubject(clusterId, 'progress'), (reports) => {
      for (const report of reports) this.jobs.get(report.jobId)?.onProgress(report);
    });
    this.control.subscribe<SubmitJobRequest>(jobManagerSubject(clusterId, 'submit'), (request) => this.submit(request));
    this.control.subscribe<{ jobId: string }>(jobManagerSubject(clusterId, 'cancel'), ({ jobId }) =>
      this.cancel(jobId),
    );
    this.control.subscribe(jobManagerSubject(clusterId, 'list'), () => this.list());
    this.registry.onLost((tmId, reason) => {
      for (const job of this.jobs.values()) job.taskManagerLost(tmId, reason);
    });
  }

  async submit(request: SubmitJobRequest): Promise<SubmitJobResponse> {
    const jobId = randomUUID();
    const submittedAt = Date.now();
    const submission: JobSubmission = {
      args: request.args,
      parallelism: request.parallelism,
      restoreFrom: await this.savepointToRestore(request),
    };
    let job: ClusterJob;
    try {
      job = this.createJob(jobId, request.bundle, submission, {
        submittedAt,
        collectOutput: request.collectOutput ?? false,
      });
    } catch (error) {
      // The job cannot even be defined: it is recorded as failed, so `weir list` shows why.
      const failure = serializeError(error);
      await this.persist({
        jobId,
        jobName: jobNameOf(request.bundle),
        status: 'failed',
        submittedAt,
        endedAt: Date.now(),
        restarts: 0,
        error: failure.message,
        slots: 0,
        failure,
      });
      throw error instanceof JobDefinitionError ? error : new JobDefinitionError(failure.message, { cause: error });
    }
    this.jobs.set(jobId, job);
    await this.store.saveSubmission(jobId, request.bundle, submission);
    await this.persist(job.summary());
    job.start();
    this.logger.log(`Job ${jobId} ('${job.summary().jobName}') submitted; it needs ${job.summary().slots} slots`);
    return { jobId, jobName: job.summary().jobName };
  }

  /** Loads the bundle and builds the job's graphs and coordinator; throws when the job cannot be defined. */
  private createJob(
    jobId: string,
    bundle: JobBundle,
    submission: JobSubmission,
    run: { submittedAt: number; collectOutput: boolean; resumed?: ResumedJob },
  ): ClusterJob {
    const definition = loadJobBundle(bundle);
    const streamGraph = definition.buildGraph({ args: submission.args, parallelism: submission.parallelism });
    const jobGraph = JobGraph.fromStreamGraph(streamGraph);
    return new ClusterJob({
      jobId,
      streamGraph,
      jobGraph,
      // What the TaskManagers build with: the job's resolved default parallelism, as embedded.
      buildOptions: { args: submission.args, parallelism: streamGraph.config.parallelism },
      bufferConfig: {
        local: DEFAULT_BUFFER_CONFIG.local,
        remote: { batchSize: this.config.remoteBatchSize, initialCredits: this.config.remoteCredits },
      },
      control: this.control,
      registry: this.registry,
      deployTimeoutMs: this.config.deployTimeoutMs,
      collectOutput: run.collectOutput,
      outputLimit: this.config.clientOutputBufferBatches,
      checkpointStorage: this.checkpointStorage(jobGraph),
      restoreFrom: submission.restoreFrom,
      submittedAt: run.submittedAt,
      resumed: run.resumed,
      saveAttempt: (attempt) => this.store.saveAttempt(jobId, attempt),
      log: (message) => this.logger.warn(message),
      onCheckpointStats: (stats) => this.checkpointHistories.record(jobId, stats),
      onChange: (changed) => this.onChange(changed),
    });
  }

  /**
   * Where `--from-savepoint` points: a directory by its absolute path, else a savepoint this cluster
   * took, found by its name (in the storage of the job that took it).
   */
  private async savepointToRestore(request: SubmitJobRequest): Promise<SavepointRestoreSettings | undefined> {
    const { fromSavepoint: savepoint, allowNonRestoredState = false } = request;
    if (savepoint === undefined) return undefined;
    if (path.isAbsolute(savepoint)) return { savepoint, allowNonRestoredState };
    const jobId = await this.store.savepointOwner(savepoint);
    if (jobId === undefined) {
      throw new JobDefinitionError(
        `fromSavepoint: this cluster has no savepoint named '${savepoint}' ('weir savepoint <jobId> [name]' takes ` +
          "one; 'weir list --checkpoints <jobId>' shows a job's), nor is it a directory's absolute path.",
      );
    }
    return { savepoint, allowNonRestoredState, jobId };
  }

  /** A cluster's checkpoints must outlive its processes: a job's default ('memory') goes to the cluster's Redis. */
  private checkpointStorage(jobGraph: JobGraph): CheckpointStorage {
    const { storage } = jobGraph.config.checkpoint;
    return storage.kind === 'memory' ? { kind: 'redis', url: this.config.redisUrl } : storage;
  }

  async cancel(jobId: string): Promise<JobSummary> {
    const job = this.jobs.get(jobId);
    if (job === undefined) {
      const record = await this.store.get(jobId);
      if (record !== undefined) return record;
      throw new NotFoundException(`No job with id '${jobId}' on this cluster; 'weir list' shows the jobs.`);
    }
    await job.cancel();
    return job.summary();
  }

  async list(): Promise<JobSummary[]> {
    const records = new Map((await this.store.list()).map((r) => [r.jobId, r]));
    for (const job of this.jobs.values()) records.set(job.jobId, job.summary());
    return [...records.values()]
      .sort((a, b) => b.submittedAt - a.submittedAt)
      .map(({ failure: _failure, ...summary }: JobRecord) => summary);
  }

  /** A job's checkpoint history, kept in Redis: also after the job ended, and after a JobManager restart. */
  async checkpoints(jobId: string): Promise<CheckpointHistory> {
    if (!this.jobs.has(jobId) && (await this.store.get(jobId)) === undefined) {
      throw new NotFoundException(`No job with id '${jobId}' on this cluster; 'weir list' shows the jobs.`);
    }
    return this.checkpointHistories.history(jobId);
  }

  async detail(jobId: string): Promise<JobDetail> {
    const job = this.jobs.get(jobId);
    if (job !== undefined) return job.detail();
    const record = await this.store.get(jobId);
    if (record === undefined) throw new NotFoundException(`No job with id '${jobId}' on this cluster.`);
    return {
      ...record,
      attempt: 0,
      recordsFromSources: 0,
      recordsToSinks: 0,
      droppedMessages: 0,
      vertices: [],
      subtasks: [],
    };
  }

  /** Takes a savepoint of a running job; resolves with where it is. */
  async savepoint(jobId: string, name?: string): Promise<SavepointResponse> {
    const savepoint = await this.job(jobId).triggerSavepoint(name);
    await this.store.saveSavepoint(savepoint.name, jobId);
    return savepoint;
  }

  /** Takes a savepoint, then cancels the job (`weir stop --savepoint`): nothing after the savepoint is committed. */
  async stop(jobId: string, savepoint: string | undefined): Promise<StopJobResponse> {
    const job = this.job(jobId);
    const taken = await job.stopWithSavepoint(savepoint);
    await this.store.saveSavepoint(taken.name, jobId);
    return { ...taken, job: job.summary() };
  }

  job(jobId: string): ClusterJob {
    const job = this.jobs.get(jobId);
    if (job === undefined)
      throw new NotFoundException(`No running or recent job with id '${jobId}' on this JobManager.`);
    return job;
  }

  private onChange(job: ClusterJob): void {
    void this.persist(job.summary());
    // An ended job's record stays in Redis; in memory it stays a while, for its client to read its output.
    if (job.isTerminal() && !this.retiring.has(job.jobId)) {
      this.retiring.add(job.jobId);
      setTimeout(() => {
        this.jobs.delete(job.jobId);
        this.retiring.delete(job.jobId);
        this.saved.delete(job.jobId);
      }, RETAIN_ENDED_JOB_MS).unref();
    }
  }

  private onHeartbeat(beat: Heartbeat): void {
    this.registry.heartbeat(beat, beat.running.length);
    // Slots of jobs this JobManager no longer runs (canceled, restarted, or from before it restarted).
    for (const slot of beat.running) {
      if (this.jobs.get(slot.jobId)?.runsIn(slot) !== true) {
        this.control.publish(taskManagerSubject(this.config.clusterId, beat.tmId, 'cancel'), slot);
      }
    }
  }

  /**
   * The jobs a JobManager that died left unfinished (their records are not terminal) run again,
   * each from its latest complete checkpoint, once enough slots are free (TaskManagers register
   * with this JobManager by their heartbeats). Attempts are numbered on from the old ones, so
   * TaskManagers drop the old slots and nothing of them commits. A job being canceled ends canceled.
   */
  private async resumeJobs(): Promise<void> {
    for (const record of await this.store.list()) {
      if (TERMINAL_STATUSES.includes(record.status)) continue;
      const checkpointId = await this.checkpointHistories.interrupt(
        record.jobId,
        'the JobManager running it stopped while it was in progress',
      );
      if (record.status === 'canceling') {
        await this.persist({ ...record, status: 'canceled', endedAt: Date.now() });
        continue;
      }
      try {
        const stored = await this.store.storedJob(record.jobId);
        if (stored === undefined) throw new Error('its submission is not in Redis');
        const resumed: ResumedJob = { attempt: stored.attempt, restarts: record.restarts, checkpointId };
        const job = this.createJob(record.jobId, stored.bundle, stored.submission, {
          submittedAt: record.submittedAt,
          collectOutput: false,
          resumed,
        });
        await this.refuseReleasedCheckpoints(job);
        this.jobs.set(record.jobId, job);
        await this.persist(job.summary());
        job.start();
        this.logger.log(`Job ${record.jobId} ('${record.jobName}') resumed after attempt ${stored.attempt}`);
      } catch (error) {
        const message = `The JobManager restarted while the job was ${record.status}, and could not resume it: ${(error as Error).message}`;
        this.logger.error(`Job ${record.jobId}: ${message}`);
        await this.persist({ ...record, status: 'failed', endedAt: Date.now(), error: message });
      }
    }
  }

  /**
   * A job keeps its newest checkpoints while it runs, and releases them only as it ends: one that
   * completed checkpoints but has none left was ending when its JobManager died. Run again from
   * its beginning, it would commit its output twice.
   */
  private async refuseReleasedCheckpoints(job: ClusterJob): Promise<void> {
    const { checkpoints } = await this.checkpointHistories.history(job.jobId);
    if (!checkpoints.some((c) => c.status === 'completed' && !c.savepoint)) return;
    const store = createSnapshotStore(job.checkpointStorage, job.jobId);
    try {
      if ((await store.completedCheckpoints()).length > 0) return;
    } finally {
      await store.close();
    }
    throw new Error(
      'its checkpoints were already released: it was ending (whether it finished is not known), ' +
        'and run again from its beginning it would repeat its output',
    );
  }

  private async persist(record: JobRecord): Promise<void> {
    const text = JSON.stringify(record);
    if (this.saved.get(record.jobId) === text) return;
    this.saved.set(record.jobId, text);
    await this.store.save(record).catch((error: unknown) => {
      this.logger.error(`Could not save the record of job ${record.jobId} in Redis: ${(error as Error).message}`);
    });
  }
}

function jobNameOf(bundle: JobBundle): string {
  return path.basename(bundle.sourceFile).replace(/\.[cm]?[jt]s$/, '');
}
