import { hashString } from '@weir/common';
import type { SplitEnumerator, SplitEnumeratorContext } from '@weir/connector-sdk';
import type { Admin } from 'kafkajs';
import { kafkaSplit, type KafkaSplit } from './kafka-split';
import type { StartingOffsets } from './kafka-options';
import type { KafkaSourceSettings } from './kafka-source-settings';

/** What the enumerator checkpoints: the partitions it has seen, and splits no reader has taken yet. */
export interface KafkaEnumeratorState {
  readonly discovered: string[];
  readonly pending: KafkaSplit[];
}

/**
 * Assigns Kafka partitions to readers without a consumer group (Flink's KafkaSourceEnumerator): a
 * partition always goes to the same reader, `(hash(topic) + partition) mod parallelism`, so a
 * restart puts every partition back where its checkpointed position is. It looks for partitions
 * when it starts and, unless the source is bounded, every `partitionDiscoveryIntervalMs`; a partition
 * found at start begins at `startingOffsets`, one found later at its earliest offset (it was created
 * while the job ran). A bounded source reads each partition up to its end when the job started.
 */
export class KafkaSplitEnumerator implements SplitEnumerator<KafkaSplit, KafkaEnumeratorState> {
  private readonly discovered: Set<string>;
  /** Splits per reader that has not registered yet. */
  private readonly pending = new Map<number, KafkaSplit[]>();
  private readonly initialDiscovery: boolean;
  private discoveryDone = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private admin: Admin | undefined;
  private discovering: Promise<void> | undefined;

  constructor(
    private readonly context: SplitEnumeratorContext<KafkaSplit>,
    private readonly settings: KafkaSourceSettings,
    restored?: KafkaEnumeratorState,
  ) {
    this.discovered = new Set(restored?.discovered ?? []);
    this.initialDiscovery = restored === undefined;
    for (const split of restored?.pending ?? []) this.enqueue(split);
  }

  start(): void {
    this.discoverSoon(0);
  }

  handleSplitRequest(subtaskIndex: number): void {
    this.assignPending(subtaskIndex);
  }

  addReader(subtaskIndex: number): void {
    this.assignPending(subtaskIndex);
  }

  addSplitsBack(splits: KafkaSplit[], _subtaskIndex: number): void {
    for (const split of splits) this.enqueue(split);
    for (const reader of this.context.registeredReaders()) this.assignPending(reader);
  }

  snapshotState(_checkpointId: number): KafkaEnumeratorState {
    const pending = [...this.pending.values()].flat().map((split) => ({ ...split }));
    return { discovered: [...this.discovered], pending };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    const admin = this.admin;
    this.admin = undefined;
    void (this.discovering ?? Promise.resolve()).finally(() => admin?.disconnect().catch(() => {}));
  }

  private discoverSoon(delayMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.discovering = this.discover().then(
        () => {
          this.discoveryDone = true;
          for (const reader of this.context.registeredReaders()) this.assignPending(reader);
          const interval = this.settings.partitionDiscoveryIntervalMs;
          if (!this.settings.bounded && interval > 0) this.discoverSoon(interval);
        },
        // The readers reach the same brokers and fail the job with the cause if they cannot; the
        // enumerator tries again, a little later each time.
        () => this.discoverSoon(Math.min(Math.max(2 * delayMs, 500), 10_000)),
      );
    }, delayMs);
  }

  private async discover(): Promise<void> {
    if (this.admin === undefined) {
      this.admin = this.settings.kafka.admin();
      await this.admin.connect();
    }
    const admin = this.admin;
    const topics = await this.topics(admin);
    if (topics.length === 0) return;
    const metadata = await admin.fetchTopicMetadata({ topics });
    const fromStart = this.initialDiscovery && !this.discoveryDone;
    for (const topic of metadata.topics) {
      const partitions = topic.partitions
        .map((p) => p.partitionId)
        .filter((partition) => !this.discovered.has(`${topic.name}-${partition}`));
      if (partitions.length === 0) continue;
      const starts = await this.startingOffsets(
        admin,
        topic.name,
        fromStart ? this.settings.startingOffsets : 'earliest',
      );
      const ends = this.settings.bounded ? await this.offsets(admin, topic.name, 'latest') : undefined;
      for (const partition of partitions.sort((a, b) => a - b)) {
        const split = kafkaSplit(topic.name, partition, starts.get(partition) ?? 0, ends?.get(partition));
        this.discovered.add(split.splitId);
        this.enqueue(split);
      }
    }
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

  private enqueue(split: KafkaSplit): void {
    const owner = ownerOf(split, this.context.currentParallelism);
    const queue = this.pending.get(owner);
    if (queue === undefined) this.pending.set(owner, [split]);
    else queue.push(split);
  }

  private assignPending(reader: number): void {
    if (!this.context.registeredReaders().has(reader)) return;
    const splits = this.pending.get(reader);
    if (splits !== undefined && splits.length > 0) {
      this.pending.delete(reader);
      this.context.assignSplits(reader, splits);
    }
    // A bounded source knows all its partitions after its first look.
    if (this.settings.bounded && this.discoveryDone) this.context.signalNoMoreSplits(reader);
  }
}

/** Flink's assignment: a topic's partitions go round the readers from a start its name picks. */
export function ownerOf(split: KafkaSplit, parallelism: number): number {
  const start = (hashString(split.topic) & 0x7fffffff) % parallelism;
  return (start + split.partition) % parallelism;
}
