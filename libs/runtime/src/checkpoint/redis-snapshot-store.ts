import { CheckpointError } from '@weir/common';
import type { Redis } from 'ioredis';
import type { SnapshotLocation, SnapshotStore } from './snapshot-store';

/** Blobs are stored in chunks of at most this size (Redis values are capped, and big ones block). */
const CHUNK_BYTES = 4 * 2 ** 20;

export interface RedisSnapshotStoreOptions {
  url: string;
  password?: string;
  tls?: boolean;
  /** Milliseconds a command may take before the store gives up on it (and the checkpoint fails). */
  commandTimeoutMs?: number;
}

/**
 * Snapshots in Redis (cluster mode), in DESIGN.md §6's layout under one hash tag per job:
 * `weir:{<jobId>}:chk:<n>:<vertex>:<subtask>` a list of chunks per subtask blob,
 * `weir:{<jobId>}:chk:<n>` the metadata, `weir:{<jobId>}:chk` the sorted set of complete
 * checkpoints (metadata and set entry written in one MULTI), and the same under
 * `weir:{<jobId>}:savepoint:<name>`. A command that fails (Redis down, the connection lost) fails
 * the snapshot it belongs to, never the job: commands are not queued while disconnected.
 */
export class RedisSnapshotStore implements SnapshotStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private firstConnection: Promise<void> | undefined;

  constructor(
    options: RedisSnapshotStoreOptions,
    private readonly jobId: string,
  ) {
    this.prefix = `weir:{${jobId}}`;
    // Loaded here rather than at the top: ioredis takes some 80 ms to load, and every process and
    // worker thread that runs a job loads this module, most of them never to store in Redis.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
    this.redis = new RedisClient(options.url, {
      password: options.password,
      tls: options.tls ? {} : undefined,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 10_000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    });
    // Errors reach the command that failed; the connection's own error events only say it retries.
    this.redis.on('error', () => {});
  }

  async putState(location: SnapshotLocation, vertex: number, subtask: number, bytes: Uint8Array): Promise<void> {
    const key = `${this.keyOf(location)}:${vertex}:${subtask}`;
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length || chunks.length === 0; at += CHUNK_BYTES) {
      chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(CHUNK_BYTES, bytes.length - at)));
    }
    await this.run(
      () =>
        this.redis
          .multi()
          .del(key)
          .rpush(key, ...chunks)
          .exec(),
      `store ${key}`,
    );
  }

  async getState(location: SnapshotLocation, vertex: number, subtask: number): Promise<Uint8Array | undefined> {
    const key = `${this.keyOf(location)}:${vertex}:${subtask}`;
    const chunks = await this.run(() => this.redis.lrangeBuffer(key, 0, -1), `read ${key}`);
    return chunks.length === 0 ? undefined : Buffer.concat(chunks);
  }

  async putMetadata(location: SnapshotLocation, metadata: Uint8Array): Promise<void> {
    const key = this.keyOf(location);
    const transaction = this.redis.multi().set(key, Buffer.from(metadata));
    if (location.kind === 'checkpoint')
      transaction.zadd(`${this.prefix}:chk`, String(location.id), String(location.id));
    await this.run(() => transaction.exec(), `complete ${key}`);
  }

  async getMetadata(location: SnapshotLocation): Promise<Uint8Array | undefined> {
    const key = this.keyOf(location);
    const value = await this.run(() => this.redis.getBuffer(key), `read ${key}`);
    return value ?? undefined;
  }

  async completedCheckpoints(): Promise<number[]> {
    const ids = await this.run(() => this.redis.zrange(`${this.prefix}:chk`, '0', '-1'), 'list checkpoints');
    return ids.map(Number);
  }

  async discard(location: SnapshotLocation): Promise<void> {
    const key = this.keyOf(location);
    const first = this.redis.multi().del(key);
    if (location.kind === 'checkpoint') first.zrem(`${this.prefix}:chk`, String(location.id));
    await this.run(() => first.exec(), `delete ${key}`);
    const blobs: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.run(
        () => this.redis.scan(cursor, 'MATCH', `${escapeGlob(key)}:*`, 'COUNT', 1000),
        `scan ${key}`,
      );
      cursor = next;
      blobs.push(...keys);
    } while (cursor !== '0');
    if (blobs.length > 0) await this.run(() => this.redis.del(...blobs), `delete ${key}:*`);
  }

  describe(location: SnapshotLocation): string {
    return `redis key ${this.keyOf(location)}`;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private keyOf(location: SnapshotLocation): string {
    return location.kind === 'checkpoint'
      ? `${this.prefix}:chk:${location.id}`
      : `weir:{${location.jobId ?? this.jobId}}:savepoint:${location.name}`;
  }

  private async run<T>(command: () => Promise<T>, what: string): Promise<T> {
    try {
      // Commands issued while the first connection is being made wait for it (without an offline
      // queue they would fail); once it is made, a lost connection fails them at once.
      if (this.redis.status === 'wait') this.firstConnection = this.redis.connect().catch(() => undefined);
      await this.firstConnection;
      return await command();
    } catch (error) {
      throw new CheckpointError(
        `Redis snapshot store of job ${this.jobId} could not ${what}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
}

/** Redis glob patterns give these a meaning; a job id with them must still match only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
