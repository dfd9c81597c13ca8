import { hashString } from '@weir/common';
import {
  DiscoveringSplitEnumerator,
  type DiscoveredSplitsState,
  type SplitEnumeratorContext,
} from '@weir/connector-sdk';
import type { Admin } from 'kafkajs';
import { kafkaSplit, type KafkaSplit } from './kafka-split';
import type { StartingOffsets } from './kafka-options';
import type { KafkaSourceSettings } from './kafka-source-settings';

export type KafkaEnumeratorState = DiscoveredSplitsState<KafkaSplit>;

/**
 * Assigns Kafka partitions to readers without a consumer group (Flink's KafkaSourceEnumerator): a
 * partition always goes to the same reader, `(hash(topic) + partition) mod parallelism`. It looks
 * for partitions when it starts and, unless the source is bounded, every
 * `partitionDiscoveryIntervalMs`; a partition found at the job's start begins at `startingOffsets`,
 * one found later at its earliest offset. A bounded source reads each partition up to its end when
 * the job started.
 */
export class KafkaSplitEnumerator extends DiscoveringSplitEnumerator<KafkaSplit> {
  private admin: Admin | undefined;

  constructor(
    context: SplitEnumeratorContext<KafkaSplit>,
    private readonly settings: KafkaSourceSettings,
    restored?: KafkaEnumeratorState,
  ) {
    super(context, { bounded: settings.bounded, discoveryIntervalMs: settings.partitionDiscoveryIntervalMs }, restored);
  }

  protected async discover(atStart: boolean): Promise<KafkaSplit[]> {
    if (this.admin === undefined) {
      this.admin = this.settings.kafka.admin();
      await this.admin.connect();
    }
    const admin = this.admin;
    const topics = await this.topics(admin);
    if (topics.length === 0) return [];
    const metadata = await admin.fetchTopicMetadata({ topics });
    const splits: KafkaSplit[] = [];
    for (const topic of metadata.topics) {
      const partitions = topic.partitions
        .map((p) => p.partitionId)
        .filter((partition) => !this.isDiscovered(`${topic.name}-${partition}`))
        .sort((a, b) => a - b);
      if (partitions.length === 0) continue;
      const starts = await this.startingOffsets(
        admin,
        topic.name,
        atStart ? this.settings.startingOffsets : 'earliest',
      );
      const ends = this.settings.bounded ? await this.offsets(admin, topic.name, 'latest') : undefined;
      for (const partition of partitions) {
        splits.push(kafkaSplit(topic.name, partition, starts.get(partition) ?? 0, ends?.get(partition)));
      }
    }
    return splits;
  }

  /** Flink's assignment: a topic's partitions go round the readers from a start its name picks. */
  protected ownerOf(split: KafkaSplit, parallelism: number): number {
    const start = (hashString(split.topic) & 0x7fffffff) % parallelism;
    return (start + split.partition) % parallelism;
  }

  protected async closeDiscovery(): Promise<void> {
    await this.admin?.disconnect();
  }

  private async topics(admin: Admin): Promise<string[]> {
    const pattern = this.settings.topicPattern;
    if (pattern === undefined) return this.settings.topics;
    const regex = new RegExp(`^(?:${pattern})$`);
    return (await admin.listTopics()).filter((topic) => !topic.startsWith('__') && regex.test(topic)).sort();
  }

  private async startingOffsets(admin: Admin, topic: string, starting: StartingOffsets): Promise<Map<number, number>> {
    if (starting !== 'committed') return this.offsets(admin, topic, starting);
    const earliest = await this.offsets(admin, topic, 'earliest');
    const [committed] = await admin.fetchOffsets({ groupId: this.settings.groupId!, topics: [topic] });
    // A partition the group never committed for starts at its earliest offset.
    for (const { partition, offset } of committed?.partitions ?? []) {
      if (Number(offset) >= 0) earliest.set(partition, Number(offset));
    }
    return earliest;
  }

  private async offsets(
    admin: Admin,
    topic: string,
    which: 'earliest' | 'latest' | { timestamp: number },
  ): Promise<Map<number, number>> {
    if (typeof which === 'object') {
      const found = await admin.fetchTopicOffsetsByTimestamp(topic, which.timestamp);
      return new Map(found.map(({ partition, offset }) => [partition, Number(offset)]));
    }
    const found = await admin.fetchTopicOffsets(topic);
    return new Map(found.map(({ partition, low, high }) => [partition, Number(which === 'earliest' ? low : high)]));
  }
}
