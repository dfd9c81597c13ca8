/**
 * The Kafka tests' view of the broker, through kafkajs's public API only (not the connector under
 * test): topics, producing input, and reading output as an independent consumer would.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { Kafka, logLevel, type Admin, type ISocketFactory, type Producer } from 'kafkajs';
import { ensureKafka } from '../../support/brokers';

// kafkajs's client below its consumer groups, for reads that leave nothing running behind them.
const Cluster = require('kafkajs/src/cluster') as new (options: Record<string, unknown>) => unknown;
const { createLogger } = require('kafkajs/src/loggers') as { createLogger(o: object): unknown };
const LoggerConsole = require('kafkajs/src/loggers/console') as unknown;
const createSocketFactory = require('kafkajs/src/network/socketFactory') as () => unknown;
/** Sockets that do not keep Jest's process alive if a client is still closing when the tests end. */
const unreferenced: ISocketFactory = (options) => (createSocketFactory() as ISocketFactory)(options).unref();
const READ_UNCOMMITTED = 0;
const READ_COMMITTED = 1;

interface FetchedMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, unknown>;
  isControlRecord?: boolean;
  batchContext: { producerId: string; inTransaction: boolean };
}

interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}

/**
 * The messages a read_committed consumer keeps, as Kafka's own consumer picks them: an aborted
 * transaction's records are skipped from its first offset until its producer's marker. The broker
 * lists aborted transactions in the order they were aborted, not by first offset, so they are
 * sorted first. (kafkajs's filterAbortedMessages takes the list as it comes: a transaction that
 * began before another but was aborted after it went unnoticed until that one's first offset, and
 * its records before that were read as committed.)
 */
function dropAborted(messages: FetchedMessage[], abortedTransactions: AbortedTransaction[]): FetchedMessage[] {
  const pending = [...abortedTransactions].sort((a, b) => Number(a.firstOffset) - Number(b.firstOffset));
  const abortedProducers = new Set<string>();
  return messages.filter((message) => {
    while (pending.length > 0 && Number(message.offset) >= Number(pending[0].firstOffset)) {
      abortedProducers.add(String(pending.shift()!.producerId));
    }
    const producerId = String(message.batchContext.producerId);
    if (message.isControlRecord === true) {
      abortedProducers.delete(producerId);
      return false;
    }
    return !(message.batchContext.inTransaction && abortedProducers.has(producerId));
  });
}

interface TestCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number }[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(request: { nodeId: string }): Promise<{
    fetch(request: object): Promise<{
      responses: {
        partitions: {
          highWatermark: string;
          lastStableOffset: string;
          abortedTransactions: AbortedTransaction[];
          messages: FetchedMessage[];
        }[];
      }[];
    }>;
  }>;
}

export interface ConsumedMessage {
  partition: number;
  offset: number;
  key: string | null;
  value: string;
  timestamp: number;
  headers: Record<string, string>;
}

/**
 * Idempotent: a retried send (a new partition's leader is not ready yet, say) must not write a
 * record twice, or the tests would count the producer's duplicates as the connector's.
 */
const PRODUCER = { allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 };

export class KafkaTestCluster {
  private constructor(
    readonly bootstrap: string,
    readonly kafka: Kafka,
    readonly admin: Admin,
    private producer: Producer,
  ) {}

  static async start(): Promise<KafkaTestCluster> {
    const { bootstrap } = await ensureKafka();
    const kafka = new Kafka({
      brokers: [bootstrap],
      clientId: 'weir-tests',
      logLevel: logLevel.NOTHING,
      connectionTimeout: 10_000,
      socketFactory: unreferenced,
    });
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer(PRODUCER);
    await producer.connect();
    return new KafkaTestCluster(bootstrap, kafka, admin, producer);
  }

  async createTopic(prefix: string, partitions: number): Promise<string> {
    const topic = `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    await this.admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    return topic;
  }

  /** Adds partitions; the producer starts afresh, since kafkajs's drops messages to partitions it has not seen. */
  async addPartitions(topic: string, count: number): Promise<void> {
    await this.admin.createPartitions({ topicPartitions: [{ topic, count }] });
    await this.producer.disconnect();
    this.producer = this.kafka.producer(PRODUCER);
    await this.producer.connect();
  }

  /** Sends values to the given partitions (round robin by index when `partition` is omitted). */
  async produce(
    topic: string,
    values: { key?: string; value: string; partition?: number; timestamp?: number }[],
  ): Promise<void> {
    const chunk = 5_000;
    for (let i = 0; i < values.length; i += chunk) {
      await this.producer.send({
        topic,
        messages: values.slice(i, i + chunk).map((v) => ({
          key: v.key,
          value: v.value,
          partition: v.partition,
          timestamp: v.timestamp === undefined ? undefined : String(v.timestamp),
        })),
      });
    }
  }

  /** What a read_committed consumer sees in the topic: everything up to each partition's last stable offset. */
  readCommitted(topic: string): Promise<ConsumedMessage[]> {
    return this.consume(topic, READ_COMMITTED);
  }

  /** The first `count` messages a read_uncommitted consumer sees, open transactions' included. */
  async readUncommitted(topic: string, count: number): Promise<ConsumedMessage[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const seen = await this.consume(topic, READ_UNCOMMITTED);
      if (seen.length >= count || Date.now() > deadline) return seen.slice(0, Math.max(count, seen.length));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Reads every partition from its start to its end as the broker sees it for this isolation level
   * (the last stable offset, or the high watermark), with Fetch requests of kafkajs's own client:
   * no consumer group, so nothing lingers after the read. Aborted records and transaction markers
   * are dropped as a Kafka consumer drops them.
   */
  private async consume(topic: string, isolationLevel: number): Promise<ConsumedMessage[]> {
    const cluster = new Cluster({
      logger: createLogger({ level: logLevel.NOTHING, logCreator: LoggerConsole }),
      socketFactory: unreferenced,
      brokers: [this.bootstrap],
      clientId: 'weir-tests-reader',
      connectionTimeout: 10_000,
      isolationLevel,
    }) as TestCluster;
    const out: ConsumedMessage[] = [];
    await cluster.connect();
    try {
      await cluster.addTargetTopic(topic);
      const partitions = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId);
      for (const partition of partitions) {
        let offset = 0;
        for (;;) {
          const leader = Object.keys(cluster.findLeaderForPartitions(topic, [partition]))[0];
          const broker = await cluster.findBroker({ nodeId: leader });
          const { responses } = await broker.fetch({
            isolationLevel,
            maxWaitTime: 10,
            minBytes: 1,
            maxBytes: 16 << 20,
            topics: [{ topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes: 8 << 20 }] }],
          });
          const data = responses[0].partitions[0];
          const end = Number(isolationLevel === READ_COMMITTED ? data.lastStableOffset : data.highWatermark);
          const visible =
            isolationLevel === READ_COMMITTED ? dropAborted(data.messages, data.abortedTransactions) : data.messages;
          for (const m of visible) {
            if (m.isControlRecord === true || Number(m.offset) < offset || Number(m.offset) >= end) continue;
            out.push({
              partition,
              offset: Number(m.offset),
              key: m.key?.toString() ?? null,
              value: m.value?.toString() ?? '',
              timestamp: Number(m.timestamp),
              headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)])),
            });
          }
          if (data.messages.length > 0) offset = Number(data.messages[data.messages.length - 1].offset) + 1;
          if (offset >= end || data.messages.length === 0) break;
        }
      }
    } finally {
      await cluster.disconnect();
    }
    return out;
  }

  /** Per partition, the offset a read_committed consumer reads up to (kafkajs's admin lists offsets read_committed). */
  async lastStableOffsets(topic: string): Promise<Map<number, number>> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, Number(o.offset)]));
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
