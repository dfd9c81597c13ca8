/**
 * Job bundles as TaskManagers get them: from Redis, where the JobManager stored each at submission,
 * once per job however many slots (and attempts) of it run here.
 */
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { TaskManagerConfig } from '@weir/cluster';
import { RuntimeFailure } from '@weir/common';
import type { JobBundle } from '@weir/runtime';
import { Redis } from 'ioredis';

/** Bundles kept for jobs that may deploy here again (restarts); older ones are fetched anew. */
const CACHED_JOBS = 16;

@Injectable()
export class BundleCache implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly bundles = new Map<string, Promise<JobBundle>>();

  constructor(config: TaskManagerConfig) {
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  }

  get(jobId: string): Promise<JobBundle> {
    let bundle = this.bundles.get(jobId);
    if (bundle === undefined) {
      bundle = this.fetch(jobId);
      bundle.catch(() => this.bundles.delete(jobId));
      this.bundles.set(jobId, bundle);
      if (this.bundles.size > CACHED_JOBS) this.bundles.delete(this.bundles.keys().next().value!);
    }
    return bundle;
  }

  private async fetch(jobId: string): Promise<JobBundle> {
    if (this.redis.status === 'wait') await this.redis.connect();
    const text = await this.redis.get(`weir:{${jobId}}:bundle`);
    if (text === null) throw new RuntimeFailure(`The bundle of job ${jobId} is not in Redis (weir:{${jobId}}:bundle).`);
    return JSON.parse(text) as JobBundle;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
