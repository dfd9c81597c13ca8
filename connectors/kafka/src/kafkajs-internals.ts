/**
 * The parts of kafkajs below its public API that the connector needs, typed here once. kafkajs's
 * consumer only reads through consumer groups, its transactional producer hides the producer id and
 * epoch a committer needs, and it makes several objects per record on both paths; Flink's
 * connector reaches into the Java client for the first two reasons. So the connector keeps
 * kafkajs's connections, metadata, retries and transaction coordinator requests (its Cluster,
 * Broker and EOS manager), and sends its own Produce and Fetch requests over those connections,
 * encoding and decoding the record batches itself (record-batch-builder.ts, fetched-records.ts).
 * kafkajs 2.x is pinned in package.json: these modules are its stable source layout.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { ISocketFactory, logLevel, RetryOptions } from 'kafkajs';

/** A request of the Kafka protocol as kafkajs's connection sends it: it adds the header and frames it. */
export interface ProtocolRequest<R> {
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<Encoder | EncodedBody> };
  response: { decode(raw: Buffer): Promise<R>; parse(decoded: R): Promise<R> };
}

export interface Broker {
  readonly nodeId: number;
  readonly connectionPool: { send<R>(request: ProtocolRequest<R>): Promise<R> };
  initProducerId(request: {
    transactionalId: string;
    transactionTimeout: number;
  }): Promise<{ producerId: string; producerEpoch: number }>;
  endTxn(request: {
    transactionalId: string;
    producerId: string;
    producerEpoch: number;
    transactionResult: boolean;
  }): Promise<unknown>;
}

export interface Cluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  removeBroker(address: { host: string; port: number }): void;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findTopicPartitionMetadata(topic: string): { partitionId: number }[];
  findBroker(request: { nodeId: string }): Promise<Broker>;
  findGroupCoordinator(request: { groupId: string; coordinatorType: number }): Promise<Broker>;
}

export interface EosManager {
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  addPartitionsToTransaction(topicData: { topic: string; partitions: { partition: number }[] }[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  isTransactional(): boolean;
  isInTransaction(): boolean;
  getTransactionalId(): string;
  getProducerId(): number | string;
  getProducerEpoch(): number;
  getSequence(topic: string, partition: number): number;
  updateSequence(topic: string, partition: number, increment: number): void;
}

/** kafkajs's retry loop: `fn` calls `bail` with an error not worth retrying; a thrown error is retried. */
export type Retrier = <R>(fn: (bail: (error: unknown) => void, retryCount: number) => Promise<R>) => Promise<R>;

export interface Logger {
  namespace(name: string): Logger;
}

/** kafkajs's protocol encoder, for the fields of the connector's own requests. */
export interface Encoder {
  writeInt8(value: number): Encoder;
  writeInt16(value: number): Encoder;
  writeInt32(value: number): Encoder;
  writeInt64(value: number | string): Encoder;
  writeString(value: string | null): Encoder;
  writeBytes(value: Buffer): Encoder;
}
export const Encoder = require('kafkajs/src/protocol/encoder') as new (initialSize?: number) => Encoder;

/**
 * A request body encoded whole: all that kafkajs's request framing reads of an Encoder (`buf`, to
 * see that it is one, and `buffer`, the bytes), without the zero-filled buffer of a power-of-two
 * size that a real one allocates, for a body as large as a Produce request's.
 */
export interface EncodedBody {
  readonly buf: Buffer;
  readonly buffer: Buffer;
}

/** A Kafka error code as kafkajs's error (its `type` is the code's name, `retriable` says whether to retry). */
export const { createErrorFromCode, staleMetadata } = require('kafkajs/src/protocol/error') as {
  createErrorFromCode(code: number): Error & { type: string; retriable: boolean };
  staleMetadata(error: unknown): boolean;
};

const Cluster = require('kafkajs/src/cluster') as new (options: Record<string, unknown>) => Cluster;
const { createLogger } = require('kafkajs/src/loggers') as {
  createLogger(options: { level: logLevel; logCreator: unknown }): Logger;
};
const LoggerConsole = require('kafkajs/src/loggers/console') as unknown;
const createSocketFactory = require('kafkajs/src/network/socketFactory') as () => unknown;
const createEosManager = require('kafkajs/src/producer/eosManager') as (options: Record<string, unknown>) => EosManager;
const createRetry = require('kafkajs/src/retry') as (options: RetryOptions) => Retrier;

export const READ_COMMITTED = 1;
export const READ_UNCOMMITTED = 0;
export const TRANSACTION_COORDINATOR = 1;
export const OFFSET_OUT_OF_RANGE = 1;

export interface ClusterOptions {
  brokers: string[];
  clientId: string;
  retry: RetryOptions;
  logLevel: logLevel;
  isolationLevel?: number;
}

/**
 * kafkajs's sockets, unreferenced: a connection the connector has not closed yet (a request retried
 * after a close) must not keep a finished process alive; a running job keeps its own alive.
 */
export function unreferencedSocketFactory(): ISocketFactory {
  const create = createSocketFactory() as ISocketFactory;
  return (options) => create(options).unref();
}

export function createCluster(options: ClusterOptions): { cluster: Cluster; logger: Logger } {
  const logger = createLogger({ level: options.logLevel, logCreator: LoggerConsole });
  const cluster = new Cluster({
    logger,
    socketFactory: unreferencedSocketFactory(),
    brokers: options.brokers,
    clientId: options.clientId,
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    retry: options.retry,
    allowAutoTopicCreation: false,
    isolationLevel: options.isolationLevel,
  });
  return { cluster, logger };
}

/**
 * kafkajs's EOS manager, whose producer id and epoch are visible: for a transactional id it fences
 * the id's earlier producers and aborts their open transaction on `initProducerId`, adds partitions
 * to a transaction, ends it, and keeps each partition's sequence number. Without a transactional id
 * it stays uninitialised: producer id -1, a plain producer's.
 */
export function createEos(
  cluster: Cluster,
  logger: Logger,
  options: { transactionalId?: string; transactionTimeout?: number },
): EosManager {
  return createEosManager({
    logger: logger.namespace('Producer'),
    cluster,
    transactionTimeout: options.transactionTimeout,
    transactional: options.transactionalId !== undefined,
    transactionalId: options.transactionalId,
  });
}

export function createRetrier(options: RetryOptions): Retrier {
  return createRetry(options);
}
