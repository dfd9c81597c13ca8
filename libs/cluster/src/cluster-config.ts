/**
 * The configuration of a cluster's processes (DESIGN.md §9): one class per process, each field
 * with its default and its class-validator rules. load-config.ts fills them from a config file, the
 * environment and flags, and refuses a bad value at start-up with a message naming the field.
 */
import 'reflect-metadata';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { availableParallelism } from 'node:os';
import { IsConnectorList, type ConnectorSpec } from './is-connector-list';

const TOKEN = /^[A-Za-z0-9_-]+$/;
const TOKEN_RULE = { message: "$property must use letters, digits, '-' and '_' only (it is a NATS subject token)" };

/** What every process of a cluster needs: where NATS and Redis are, which cluster, heartbeats. */
export class ClusterConfig {
  /** Separates clusters that share a NATS server and a Redis: the `<c>` of every subject. */
  @Matches(TOKEN, TOKEN_RULE)
  clusterId = 'weir';

  /** One or more NATS server URLs, comma-separated. */
  @Matches(/^(nats|tls|ws|wss):\/\/[^\s,]+(,(nats|tls|ws|wss):\/\/[^\s,]+)*$/, {
    message: '$property must be nats://host:port (or several, comma-separated)',
  })
  natsUrl = 'nats://127.0.0.1:4222';

  @IsOptional()
  @IsString()
  natsUser: string | undefined = undefined;

  @IsOptional()
  @IsString()
  natsPassword: string | undefined = undefined;

  @IsOptional()
  @IsString()
  natsToken: string | undefined = undefined;

  @Matches(/^rediss?:\/\/\S+$/, { message: '$property must be redis://host:port[/db]' })
  redisUrl = 'redis://127.0.0.1:6379';

  /** How often a TaskManager says it is alive. */
  @IsInt()
  @Min(20)
  @Max(60_000)
  heartbeatIntervalMs = 1000;

  /** A TaskManager silent this long is lost: its jobs fail over. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  heartbeatTimeoutMs = 5000;

  /**
   * Third-party connector packages every process loads at start-up, beside the built-in ones
   * (DESIGN.md §8): package names (comma-separated in a flag), or `{ package, options }` in a config file.
   */
  @IsConnectorList()
  connectors: ConnectorSpec[] = [];

  /** Where the `connectors` packages are installed: resolved from this directory's node_modules, then its parents'. */
  @IsString()
  connectorsFrom = process.cwd();
}

export class JobManagerConfig extends ClusterConfig {
  /** Where the REST API listens. */
  @IsString()
  host = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65_535)
  port = 8081;

  /** How long a job waits for enough free slots before it fails. */
  @IsInt()
  @Min(0)
  slotWaitTimeoutMs = 60_000;

  /** How long a TaskManager may take to load the job and deploy a slot's subtasks. */
  @IsInt()
  @Min(100)
  deployTimeoutMs = 30_000;

  /** The largest job bundle accepted, in bytes. */
  @IsInt()
  @Min(1024)
  maxBundleBytes = 64 * 1024 * 1024;

  /** Records per batch between subtasks in different slots (DESIGN.md §4). */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  remoteBatchSize = 2048;

  /** Batches a receiver in another slot accepts per channel before the sender waits for credit. */
  @IsInt()
  @Min(1)
  @Max(1024)
  remoteCredits = 8;

  /**
   * How long the leader's lease in Redis lasts without renewal: how soon a standby JobManager takes
   * over from a leader that died (it renews at a third of this).
   */
  @IsInt()
  @Min(300)
  leaderLeaseMs = 5_000;

  /** Batches of client-sink output (collect, print) held for a client that reads them too slowly. */
  @IsInt()
  @Min(1)
  clientOutputBufferBatches = 10_000;
}

export class TaskManagerConfig extends ClusterConfig {
  /** Slots offered to the JobManager: each a worker thread, so one per core by default. */
  @IsInt()
  @Min(1)
  @Max(1024)
  slots = availableParallelism();

  /** This TaskManager's id; by default made from the host name and process id. */
  @IsOptional()
  @Matches(TOKEN, TOKEN_RULE)
  taskManagerId: string | undefined = undefined;
}
