/**
 * Job records in Redis (DESIGN.md §6 layout): `weir:{<jobId>}:job` holds the record, `weir:{<jobId>}:bundle`
 * the job's code (what TaskManagers fetch), and `weir:<clusterId>:jobs` (a sorted set by submission
 * time) lists the cluster's jobs, so a restarted JobManager knows what ran.
 */
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { JobManagerConfig, type JobSummary } from '@weir/cluster';
import type { JobBundle, SerializedError } from '@weir/runtime';
import { Redis } from 'ioredis';

export interface JobRecord extends JobSummary {
  failure?: SerializedError;
}

export function bundleKey(jobId: string): string {
  return `weir:{${jobId}}:bundle`;
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

  async saveBundle(jobId: string, bundle: JobBundle): Promise<void> {
    await this.redis.set(bundleKey(jobId), JSON.stringify(bundle));
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
