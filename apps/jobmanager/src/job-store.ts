/**
 * Job records in Redis (DESIGN.md §6 layout): `weir:{<jobId>}:job` holds the record, `weir:{<jobId>}:bundle`
 * the job's code (what TaskManagers fetch), `weir:{<jobId>}:submission` what else it was submitted
 * with, `weir:{<jobId>}:attempt` the newest attempt deployed, and `weir:<clusterId>:jobs` (a sorted
 * set by submission time) lists the cluster's jobs, so a restarted JobManager knows what ran and
 * can resume what was running.
 */
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { JobManagerConfig, type JobSummary } from '@weir/cluster';
import type { JobBundle, SavepointRestoreSettings, SerializedError } from '@weir/runtime';
import { Redis } from 'ioredis';

export interface JobRecord extends JobSummary {
  failure?: SerializedError;
}

/** What a job was submitted with besides its bundle: what a restarted JobManager builds it from again. */
export interface JobSubmission {
  args: Record<string, string>;
  parallelism?: number;
  restoreFrom?: SavepointRestoreSettings;
}

/** All a restarted JobManager needs to resume a job. */
export interface StoredJob {
  bundle: JobBundle;
  submission: JobSubmission;
  /** The newest attempt deployed: the resumed job's attempts are numbered past it. */
  attempt: number;
}

export function bundleKey(jobId: string): string {
  return `weir:{${jobId}}:bundle`;
}

function submissionKey(jobId: string): string {
  return `weir:{${jobId}}:submission`;
}

function attemptKey(jobId: string): string {
  return `weir:{${jobId}}:attempt`;
}

@Injectable()
export class JobStore implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(private readonly config: JobManagerConfig) {
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  }

  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async saveSubmission(jobId: string, bundle: JobBundle, submission: JobSubmission): Promise<void> {
    await this.redis
      .multi()
      .set(bundleKey(jobId), JSON.stringify(bundle))
      .set(submissionKey(jobId), JSON.stringify(submission))
      .exec();
  }

  /** Written before any slot of the attempt deploys, so a restarted JobManager numbers its attempts past it. */
  async saveAttempt(jobId: string, attempt: number): Promise<void> {
    await this.redis.set(attemptKey(jobId), String(attempt));
  }

  /** The job as submitted, or undefined when Redis lacks part of it (a job recorded before submissions were kept). */
  async storedJob(jobId: string): Promise<StoredJob | undefined> {
    const [bundle, submission, attempt] = await this.redis.mget(
      bundleKey(jobId),
      submissionKey(jobId),
      attemptKey(jobId),
    );
    if (bundle === null || submission === null) return undefined;
    return {
      bundle: JSON.parse(bundle) as JobBundle,
      submission: JSON.parse(submission) as JobSubmission,
      attempt: Number(attempt ?? 0),
    };
  }

  async save(record: JobRecord): Promise<void> {
    await this.redis
      .multi()
      .set(`weir:{${record.jobId}}:job`, JSON.stringify(record))
      .zadd(this.indexKey(), String(record.submittedAt), record.jobId)
      .exec();
  }

  async list(): Promise<JobRecord[]> {
    const ids = await this.redis.zrange(this.indexKey(), '0', '-1');
    if (ids.length === 0) return [];
    const texts = await this.redis.mget(ids.map((id) => `weir:{${id}}:job`));
    return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as JobRecord);
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const text = await this.redis.get(`weir:{${jobId}}:job`);
    return text === null ? undefined : (JSON.parse(text) as JobRecord);
  }

  /** Savepoints are named cluster-wide: `weir:<clusterId>:savepoints` maps a name to the job that took it. */
  async saveSavepoint(name: string, jobId: string): Promise<void> {
    await this.redis.hset(this.savepointsKey(), name, jobId);
  }

  /** The job whose storage holds the savepoint `name`, if this cluster took one by that name. */
  async savepointOwner(name: string): Promise<string | undefined> {
    return (await this.redis.hget(this.savepointsKey(), name)) ?? undefined;
  }

  private savepointsKey(): string {
    return `weir:${this.config.clusterId}:savepoints`;
  }

  private indexKey(): string {
    return `weir:${this.config.clusterId}:jobs`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
