/**
 * The JobManager's jobs: submission (load the bundle, build the graphs, store the record and the
 * bundle, start the coordinator), cancellation, listing, and the control subjects on which
 * TaskManagers register, beat and report their subtasks.
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
} from '@weir/cluster';
import { JobDefinitionError } from '@weir/common';
import type { CheckpointStorage } from '@weir/core';
import {
  DEFAULT_BUFFER_CONFIG,
  JobGraph,
  loadJobBundle,
  serializeError,
  type SavepointRestoreSettings,
} from '@weir/runtime';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { ClusterJob } from './cluster-job';
import { ControlConnection } from './control-connection';
import { JobStore, type JobRecord } from './job-store';
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
    private readonly registry: TaskManagerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all([this.control.connect(), this.store.connect()]);
    await this.recoverRecords();
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
    const restoreFrom = await this.savepointToRestore(request);
    let job: ClusterJob;
    try {
      const definition = loadJobBundle(request.bundle);
      const buildOptions = { args: request.args, parallelism: request.parallelism };
      const streamGraph = definition.buildGraph(buildOptions);
      const jobGraph = JobGraph.fromStreamGraph(streamGraph);
      job = new ClusterJob({
        jobId,
        streamGraph,
        jobGraph,
        // What the TaskManagers build with: the job's resolved default parallelism, as embedded.
        buildOptions: { args: request.args, parallelism: streamGraph.config.parallelism },
        bufferConfig: {
          local: DEFAULT_BUFFER_CONFIG.local,
          remote: { batchSize: this.config.remoteBatchSize, initialCredits: this.config.remoteCredits },
        },
        control: this.control,
        registry: this.registry,
        deployTimeoutMs: this.config.deployTimeoutMs,
        collectOutput: request.collectOutput ?? false,
        outputLimit: this.config.clientOutputBufferBatches,
        checkpointStorage: this.checkpointStorage(jobGraph),
        restoreFrom,
        log: (message) => this.logger.warn(message),
        onChange: (changed) => this.onChange(changed),
      });
    } catch (error) {
      // The job cannot even be defined: it is recorded as failed, so `weir list` shows why.
      const now = Date.now();
      const failure = serializeError(error);
      await this.persist({
        jobId,
        jobName: path.basename(request.bundle.sourceFile).replace(/\.[cm]?[jt]s$/, ''),
        status: 'failed',
        submittedAt: now,
        endedAt: now,
        restarts: 0,
        error: failure.message,
        slots: 0,
        failure,
      });
      throw error instanceof JobDefinitionError ? error : new JobDefinitionError(failure.message, { cause: error });
    }
    this.jobs.set(jobId, job);
    await this.store.saveBundle(jobId, request.bundle);
    await this.persist(job.summary());
    job.start();
    this.logger.log(`Job ${jobId} ('${job.summary().jobName}') submitted; it needs ${job.summary().slots} slots`);
    return { jobId, jobName: job.summary().jobName };
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
    const taken = await this.savepoint(jobId, savepoint);
    await job.cancel();
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

  /** Jobs a previous JobManager left unfinished cannot be resumed without checkpoints: they failed. */
  private async recoverRecords(): Promise<void> {
    for (const record of await this.store.list()) {
      if (['finished', 'failed', 'canceled'].includes(record.status)) continue;
      const message = `The JobManager restarted while the job was ${record.status}; it was not resumed.`;
      await this.persist({ ...record, status: 'failed', endedAt: Date.now(), error: message });
    }
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
