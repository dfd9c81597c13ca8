import { ConfigError, type Committer, type CommitterContext } from '@weir/connector-sdk';
import type { PulsarCommittable } from './exactly-once-pulsar-writer';
import type { PulsarAdmin } from './pulsar-admin';
import type { PulsarMessage } from './pulsar-message';
import { ProducerBusyError, PulsarProducer } from './pulsar-producer';
import type { PulsarProducerSettings } from './pulsar-sink-settings';
import { partitionOf } from './partition-routing';
import { partitionTopic, topicName, type PulsarTopic } from './pulsar-topic';

/** How long a commit waits for a producer of the same name, left by a failed attempt, to go. */
const PRODUCER_BUSY_TIMEOUT_MS = 30_000;

interface OpenProducer {
  readonly producer: PulsarProducer;
  /** The sequence id its next message gets. */
  nextSequenceId: number;
}

/**
 * Sends each complete checkpoint's messages so that Pulsar's message deduplication stores each once:
 * a writer's messages go through producers named after the writer, one per partition, under the
 * sequence ids the writer gave them. A commit that a restore replays sends the same messages to the
 * same partitions (routed by the partition count the committable holds: by key as Pulsar's clients
 * do, else round robin) under the same name and ids, and the broker drops those it has stored. A
 * producer stays open from one commit to the next, whose ids continue its own.
 *
 * After a restore every subtask is handed every restored committable; each sends the ones of the
 * writers it stands for (`subtask % parallelism`), so no two commit under one producer name at once.
 */
export class PulsarCommitter implements Committer<PulsarCommittable> {
  private readonly ready: Promise<void>;
  private readonly producers = new Map<string, OpenProducer>();

  constructor(
    private readonly settings: PulsarProducerSettings,
    private readonly admin: PulsarAdmin,
    private readonly context: CommitterContext,
  ) {
    this.ready = this.check();
    this.ready.catch(() => undefined); // Reported by the first commit.
  }

  async commit(committables: readonly PulsarCommittable[]): Promise<void> {
    const { subtaskIndex, parallelism } = this.context;
    const mine = committables
      .filter((committable) => committable.subtask % parallelism === subtaskIndex)
      .sort((a, b) => a.checkpointId - b.checkpointId || a.firstItem - b.firstItem);
    if (mine.length === 0) return;
    await this.ready;
    for (const committable of mine) {
      const slices = slicesByPartition(committable);
      await Promise.all([...slices].map(([partition, messages]) => this.send(committable, partition, messages)));
    }
    // Producers of writers not committing now (a failed attempt's) are not needed again.
    const writers = new Set(mine.map(producerName));
    for (const [key, open] of this.producers) {
      if (writers.has(key.slice(0, key.lastIndexOf('/')))) continue;
      open.producer.close();
      this.producers.delete(key);
    }
  }

  close(): void {
    for (const open of this.producers.values()) open.producer.close();
    this.producers.clear();
  }

  /** The topic exists and deduplicates. */
  private async check(): Promise<void> {
    const topic = this.settings.topic;
    if (!(await this.admin.deduplicationEnabled(topic))) {
      throw new ConfigError(
        `pulsarSink: deliveryGuarantee 'exactly-once' needs Pulsar's message deduplication on topic ` +
          `'${topicName(topic)}', and it is off. Enable it for the topic ` +
          `(pulsar-admin topics set-deduplication ${topicName(topic)} --enable) or its namespace ` +
          `(pulsar-admin namespaces set-deduplication ${topic.tenant}/${topic.namespace} --enable).`,
      );
    }
  }

  /** Sends one committable's messages for one partition, in order (partition 0 of a topic that is not partitioned). */
  private async send(committable: PulsarCommittable, partition: number, messages: PulsarMessage[]): Promise<void> {
    const topic = committable.partitions === 0 ? this.settings.topic : partitionTopic(this.settings.topic, partition);
    const name = producerName(committable);
    const key = `${name}/${partition}`;
    const firstSequenceId = committable.firstSequenceIds[partition];
    let open = this.producers.get(key);
    if (open?.nextSequenceId !== firstSequenceId) {
      open?.producer.close();
      this.producers.delete(key);
      open = { producer: await this.openProducer(topic, name, firstSequenceId), nextSequenceId: firstSequenceId };
      this.producers.set(key, open);
    }
    const batchSize = this.settings.batchSize;
    for (let start = 0; start < messages.length; start += batchSize) {
      await open.producer.send(messages.slice(start, start + batchSize));
    }
    open.nextSequenceId += messages.length;
  }

  private async openProducer(topic: PulsarTopic, name: string, firstSequenceId: number): Promise<PulsarProducer> {
    const deadline = Date.now() + PRODUCER_BUSY_TIMEOUT_MS;
    for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
      try {
        return await PulsarProducer.open(this.settings, topic, { name, firstSequenceId });
      } catch (error) {
        // The producer a failed attempt (or the previous commit) closed may not be gone yet.
        if (!(error instanceof ProducerBusyError) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

/** The producer name of a writer's messages: the same in every replay of its commits. */
function producerName(committable: PulsarCommittable): string {
  return `weir-${committable.subtask}-${committable.writerId}`;
}

/** A committable's messages by partition, each in order. */
function slicesByPartition({ items, firstItem, partitions }: PulsarCommittable): Map<number, PulsarMessage[]> {
  if (partitions === 0) return new Map([[0, items]]);
  const slices = new Map<number, PulsarMessage[]>();
  items.forEach((message, i) => {
    const partition = partitionOf(message.key, firstItem + i, partitions);
    let slice = slices.get(partition);
    if (slice === undefined) slices.set(partition, (slice = []));
    slice.push(message);
  });
  return slices;
}
