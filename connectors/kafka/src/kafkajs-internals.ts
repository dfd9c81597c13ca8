/**
 * The parts of kafkajs below its public API that the connector needs, typed here once. kafkajs's
 * consumer only reads through consumer groups, and its transactional producer hides the producer id
 * and epoch a committer needs; Flink's connector reaches into the Java client for the same two
 * reasons. So the source fetches with kafkajs's Cluster and Broker directly (partitions assigned by
 * the enumerator, no group), and the exactly-once sink drives kafkajs's EOS manager itself.
 * kafkajs 2.x is pinned in package.json: these modules are its stable source layout.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { ISocketFactory, logLevel, Message, RetryOptions, TopicMessages } from 'kafkajs';

export interface FetchedMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[] | undefined>;
  isControlRecord?: boolean;
}

export interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  lastStableOffset?: string;
  abortedTransactions?: { producerId: string; firstOffset: string }[];
  messages: FetchedMessage[];
}

export interface FetchRequest {
  isolationLevel: number;
  maxWaitTime: number;
  minBytes: number;
  maxBytes: number;
  topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
}

export interface Broker {
  fetch(request: FetchRequest): Promise<{ responses: { topicName: string; partitions: FetchedPartition[] }[] }>;
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
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findTopicPartitionMetadata(topic: string): { partitionId: number }[];
  findBroker(request: { nodeId: string }): Promise<Broker>;
  findGroupCoordinator(request: { groupId: string; coordinatorType: number }): Promise<Broker>;
}

export interface EosManager {
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  commit(): Promise<void>;
  abort(): Promise<void>;
  isInTransaction(): boolean;
  getProducerId(): number | string;
  getProducerEpoch(): number;
}

export interface MessageProducer {
  sendBatch(batch: { acks: number; topicMessages: TopicMessages[] }): Promise<unknown>;
}

export interface Logger {
  namespace(name: string): Logger;
}

const Cluster = require('kafkajs/src/cluster') as new (options: Record<string, unknown>) => Cluster;
const { createLogger } = require('kafkajs/src/loggers') as {
  createLogger(options: { level: logLevel; logCreator: unknown }): Logger;
};
const LoggerConsole = require('kafkajs/src/loggers/console') as unknown;
const createSocketFactory = require('kafkajs/src/network/socketFactory') as () => unknown;
const createEosManager = require('kafkajs/src/producer/eosManager') as (options: Record<string, unknown>) => EosManager;
const createMessageProducer = require('kafkajs/src/producer/messageProducer') as (
  options: Record<string, unknown>,
) => MessageProducer;
const createRetry = require('kafkajs/src/retry') as (options: RetryOptions) => unknown;
const { DefaultPartitioner } = require('kafkajs/src/producer/partitioners') as {
  DefaultPartitioner: () => unknown;
};
const CONNECTED = (require('kafkajs/src/network/connectionStatus') as { CONNECTION_STATUS: { CONNECTED: string } })
  .CONNECTION_STATUS.CONNECTED;
/** `filterAbortedMessages({ messages, abortedTransactions })`: drops what aborted transactions wrote. */
export const filterAbortedMessages = require('kafkajs/src/consumer/filterAbortedMessages') as (batch: {
  messages: FetchedMessage[];
  abortedTransactions: FetchedPartition['abortedTransactions'];
}) => FetchedMessage[];

export const READ_COMMITTED = 1;
export const READ_UNCOMMITTED = 0;
export const TRANSACTION_COORDINATOR = 1;

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
 * A producer whose producer id and epoch are visible: kafkajs's EOS manager (which, for a
 * transactional id, fences the id's earlier producers and aborts their open transaction on
 * `initProducerId`) and its message producer (which adds partitions to the transaction as it sends).
 * Without a transactional id it is a plain producer.
 */
export function createProducer(
  cluster: Cluster,
  logger: Logger,
  options: { transactionalId?: string; transactionTimeout?: number; retry: RetryOptions },
): { eos: EosManager; producer: MessageProducer } {
  const namespaced = logger.namespace('Producer');
  const transactional = options.transactionalId !== undefined;
  const eos = createEosManager({
    logger: namespaced,
    cluster,
    transactionTimeout: options.transactionTimeout,
    transactional,
    transactionalId: options.transactionalId,
  });
  const producer = createMessageProducer({
    logger: namespaced,
    cluster,
    partitioner: DefaultPartitioner(),
    retrier: createRetry(options.retry),
    eosManager: eos,
    idempotent: transactional,
    getConnectionStatus: () => CONNECTED,
  });
  return { eos, producer };
}

export type { Message };
