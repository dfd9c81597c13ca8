/**
 * The Kafka tests' view of the broker, through kafkajs's public API only (not the connector under
 * test): topics, producing input, and reading output as an independent consumer would.
 */
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { ensureKafka } from '../../support/brokers';

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
    const kafka = new Kafka({ brokers: [bootstrap], clientId: 'weir-tests', logLevel: logLevel.NOTHING });
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
    return this.consume(topic, false);
  }

  /** The first `count` messages a read_uncommitted consumer sees, open transactions' included. */
  readUncommitted(topic: string, count: number): Promise<ConsumedMessage[]> {
    return this.consume(topic, true, count);
  }

  private async consume(topic: string, uncommitted: boolean, count?: number): Promise<ConsumedMessage[]> {
    const ends = await this.lastStableOffsets(topic);
    const remaining = new Map([...ends].filter(([, end]) => end > 0));
    const consumer = this.kafka.consumer({
      groupId: `weir-tests-${Math.random().toString(36).slice(2)}`,
      readUncommitted: uncommitted,
      maxWaitTimeInMs: 100,
    });
    const out: ConsumedMessage[] = [];
    await consumer.connect();
    try {
      if (count === undefined ? remaining.size === 0 : count === 0) return out;
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`consume(${topic}): not at the end within 20 s`)), 20_000);
        void consumer.run({
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              out.push({
                partition: batch.partition,
                offset: Number(m.offset),
                key: m.key?.toString() ?? null,
                value: m.value?.toString() ?? '',
                timestamp: Number(m.timestamp),
                headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)])),
              });
            }
            const end = remaining.get(batch.partition);
            if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) remaining.delete(batch.partition);
            if (count === undefined ? remaining.size === 0 : out.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
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
