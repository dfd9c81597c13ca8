/**
 * Which of a cluster's JobManagers leads (Flink's JobManager high availability, with Redis as the
 * store): each contends for a lease, `weir:<clusterId>:leader`, and only its holder serves the REST
 * API and the control subjects. A standby asks again every third of the lease; when the leader
 * dies its lease runs out, a standby takes it and resumes the jobs from their checkpoints as a
 * restarted JobManager does, in attempts past the old ones, which the TaskManagers fence by.
 *
 * The leader renews the lease every third of its length. If Redis says another holds it, this one
 * lost it and must stop at once. While Redis cannot be reached nobody can take the lease, so the
 * leader goes on; a Redis that restarted without the key gets it back from the leader's renewal.
 * A leader cut off from Redis while a standby is not goes on until it hears of the new leader, but
 * its slots are already fenced: the new leader's attempts are numbered past its own.
 */
import type { LoggerService } from '@nestjs/common';
import type { JobManagerConfig } from '@weir/cluster';
import { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/** 1 while the lease is this holder's (renewed, or set again after Redis lost it), 0 when another holds it. */
const RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const CONTEXT = 'LeaderElection';

function leaderKey(clusterId: string): string {
  return `weir:${clusterId}:leader`;
}

export class LeaderElection {
  private readonly key: string;
  /** This JobManager, as the lease names it: readable in `redis-cli get`, unique across restarts. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private renewal: NodeJS.Timeout | undefined;

  private constructor(
    private readonly redis: Redis,
    private readonly logger: LoggerService,
    config: JobManagerConfig,
    private readonly leaseMs: number,
  ) {
    this.key = leaderKey(config.clusterId);
  }

  /**
   * Resolves once this JobManager leads the cluster; until then it stands by (before the Nest
   * application exists, so it logs to the logger it is given). `lost` is called if the lease is
   * ever found to be another's.
   */
  static async lead(
    config: JobManagerConfig,
    logger: LoggerService,
    lost: (reason: string) => void,
  ): Promise<LeaderElection> {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined); // Reported where a command fails.
    const election = new LeaderElection(redis, logger, config, config.leaderLeaseMs);
    await election.acquire();
    election.renewal = setInterval(() => election.renew(lost), election.retryMs);
    return election;
  }

  /** Gives the lease up, so a standby need not wait for it to run out. */
  async release(): Promise<void> {
    clearInterval(this.renewal);
    await this.redis.eval(RELEASE, 1, this.key, this.holder).catch(() => undefined);
    this.redis.disconnect();
  }

  private get retryMs(): number {
    return Math.max(50, Math.floor(this.leaseMs / 3));
  }

  private async acquire(): Promise<void> {
    // What was said last, so a standby says each change once rather than every retry.
    let said = '';
    const say = (news: string, log: (message: string) => void): void => {
      if (news !== said) log(news);
      said = news;
    };
    for (;;) {
      try {
        if ((await this.redis.set(this.key, this.holder, 'PX', this.leaseMs, 'NX')) === 'OK') break;
        const leader = await this.redis.get(this.key);
        if (leader !== null) say(`Standing by: the JobManager ${leader} leads.`, (m) => this.logger.log(m, CONTEXT));
      } catch (error) {
        const reason = (error as Error).message;
        say(`Cannot reach Redis to ask for the leadership: ${reason}`, (m) => this.logger.warn(m, CONTEXT));
      }
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
    }
    this.logger.log(`This JobManager (${this.holder}) leads the cluster.`, CONTEXT);
  }

  private renew(lost: (reason: string) => void): void {
    this.redis.eval(RENEW, 1, this.key, this.holder, this.leaseMs).then(
      async (held) => {
        if (held === 1) return;
        clearInterval(this.renewal);
        const leader = await this.redis.get(this.key).catch(() => 'unknown');
        lost(`The JobManager ${this.holder} lost the leadership to ${leader}.`);
      },
      (error: Error) => this.logger.warn(`Cannot renew the leadership in Redis: ${error.message}`, CONTEXT),
    );
  }
}
