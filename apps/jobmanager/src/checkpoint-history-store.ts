/**
 * Each job's checkpoint history in Redis, so it outlives the job and the JobManager:
 * `weir:{<jobId>}:checkpoints` (a sorted set by checkpoint id, each member an entry's JSON, the last
 * CHECKPOINT_HISTORY_SIZE kept) and `weir:{<jobId>}:checkpoint-counts` (a hash: how many completed
 * and failed over the job's life, and the latest of each). Reads and writes share one connection,
 * which Redis serves in order: a read sees every entry recorded before it was issued.
 */
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { JobManagerConfig } from '@weir/cluster';
import { CHECKPOINT_HISTORY_SIZE, type CheckpointHistory, type CheckpointStats } from '@weir/runtime';
import { Redis } from 'ioredis';

@Injectable()
export class CheckpointHistoryStore implements OnApplicationShutdown {
  private readonly logger = new Logger('CheckpointHistoryStore');
  private readonly redis: Redis;

  constructor(config: JobManagerConfig) {
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  }

  async connect(): Promise<void> {
    await this.redis.connect();
  }

  /** Records a checkpoint as triggered, completed or failed: its entry replaces the one of the same id. */
  record(jobId: string, stats: CheckpointStats): void {
    const text = JSON.stringify(stats);
    const entries = historyKey(jobId);
    const transaction = this.redis
      .multi()
      .zremrangebyscore(entries, stats.id, stats.id)
      .zadd(entries, stats.id, text)
      .zremrangebyrank(entries, 0, -(CHECKPOINT_HISTORY_SIZE + 1));
    if (stats.status !== 'in-progress') {
      const latest = stats.status === 'completed' ? 'latestCompleted' : 'latestFailed';
      transaction.hincrby(countsKey(jobId), stats.status, 1).hset(countsKey(jobId), latest, text);
    }
    transaction.exec().catch((error: unknown) => {
      this.logger.error(
        `Could not record checkpoint ${stats.id} of job ${jobId} in Redis: ${(error as Error).message}`,
      );
    });
  }

  async history(jobId: string): Promise<CheckpointHistory> {
    const [entries, counts] = await Promise.all([
      this.redis.zrange(historyKey(jobId), '0', '-1'),
      this.redis.hgetall(countsKey(jobId)),
    ]);
    const checkpoints = entries.map((text) => JSON.parse(text) as CheckpointStats);
    return {
      checkpoints,
      counts: {
        completed: Number(counts.completed ?? 0),
        failed: Number(counts.failed ?? 0),
        inProgress: checkpoints.filter((c) => c.status === 'in-progress').length,
        latestCompleted: parseEntry(counts.latestCompleted),
        latestFailed: parseEntry(counts.latestFailed),
      },
    };
  }

  /**
   * Checkpoints a JobManager that died had in progress will never complete: they are recorded as
   * failed. Resolves with the highest checkpoint id the job has used, so a resumed job goes on past it.
   */
  async interrupt(jobId: string, reason: string): Promise<number> {
    const { checkpoints } = await this.history(jobId);
    for (const stats of checkpoints) {
      if (stats.status !== 'in-progress') continue;
      this.record(jobId, { ...stats, status: 'failed', durationMs: Date.now() - stats.triggeredAt, failure: reason });
    }
    return checkpoints.at(-1)?.id ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

function historyKey(jobId: string): string {
  return `weir:{${jobId}}:checkpoints`;
}

function countsKey(jobId: string): string {
  return `weir:{${jobId}}:checkpoint-counts`;
}

function parseEntry(text: string | undefined): CheckpointStats | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as CheckpointStats);
}
