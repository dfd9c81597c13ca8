import {
  MalformedRecords,
  reasonOf,
  RECORDS_PER_POLL,
  SKIP_RECORD,
  SourceReaderBase,
  WeirError,
  type ReaderOutput,
  type SourceReaderContext,
  type SplitProgress,
} from '@weir/connector-sdk';
import { logLevel, type Admin } from 'kafkajs';
import { fetchRequest, type FetchedPartition } from './fetch-request';
import { FetchedRecords } from './fetched-records';
import {
  createCluster,
  createErrorFromCode,
  OFFSET_OUT_OF_RANGE,
  READ_COMMITTED,
  READ_UNCOMMITTED,
  type Cluster,
} from './kafkajs-internals';
import type { KafkaSplit } from './kafka-split';
import type { PayloadFormat } from './payload-format';
import { loadTopicMetadata } from './topic-metadata';
import type { KafkaSourceSettings } from './kafka-source-settings';

/** What one fetch asks of a partition, and of a broker in all: bounds on what a reader holds. */
const PARTITION_FETCH_BYTES = 4 << 20;
const FETCH_BYTES = 16 << 20;
/** How long a broker holds a fetch open when it has nothing yet. */
const FETCH_WAIT_MS = 200;
/** How often a reader with a partition whose leader it does not know reloads the metadata. */
const METADATA_REFRESH_MS = 500;

/** The records fetched for one partition and not yet emitted. */
interface PartitionBuffer {
  readonly topic: string;
  readonly partition: number;
  readonly stoppingOffset: number | undefined;
  /** The offset the next fetch starts at: past everything in `records`, and past skipped control records. */
  fetchOffset: number;
  /** What the last fetch returned, not yet emitted; undefined once drained. */
  records: FetchedRecords | undefined;
}

/**
 * Reads the partitions the enumerator assigned to this subtask. A fetch loop, off the task's
 * thread of control, asks each partition's leader for the partitions whose buffer is drained (one
 * Fetch request per broker for all of them, as Kafka's own consumer does), and `readSplit` emits
 * from those buffers on the task's mailbox loop, advancing the split's offset record by record: the
 * checkpointed position is always the first record not emitted, whatever was fetched beyond it.
 * Fetched batches stay undecoded until emitted (fetched-records.ts).
 */
export class KafkaSourceReader<T> extends SourceReaderBase<T, KafkaSplit> {
  private readonly buffers = new Map<string, PartitionBuffer>();
  private readonly cluster: Cluster;
  private readonly knownTopics = new Set<string>();
  private readonly readCommitted: boolean;
  private readonly malformed: MalformedRecords;
  private failure: Error | undefined;
  private closed = false;
  /** Fetches failed in a row with a retriable error; past the retries, the reader fails. */
  private failedFetches = 0;
  private metadataRefreshedAt = 0;
  /** For committing offsets to the group, opened at the first complete checkpoint. */
  private admin: Admin | undefined;
  private wakeFetcher: (() => void) | undefined;
  /** Offsets as of each checkpoint not yet complete, committed to the group when it completes. */
  private readonly checkpointOffsets = new Map<
    number,
    Map<string, { topic: string; partition: number; offset: number }>
  >();

  constructor(
    context: SourceReaderContext,
    private readonly settings: KafkaSourceSettings,
    private readonly format: PayloadFormat<T>,
  ) {
    super(context, true);
    this.readCommitted = settings.isolationLevel === 'read_committed';
    this.malformed = new MalformedRecords(settings.onMalformed, 'kafkaSource', format.name, context.subtaskIndex);
    this.cluster = createCluster({
      brokers: settings.brokers,
      clientId: settings.clientId,
      retry: settings.retry,
      logLevel: logLevel.NOTHING,
      isolationLevel: this.readCommitted ? READ_COMMITTED : READ_UNCOMMITTED,
    }).cluster;
  }

  override start(): void {
    super.start();
    void this.fetchLoop();
  }

  override pollNext(output: ReaderOutput<T>) {
    if (this.failure !== undefined) throw this.failure;
    return super.pollNext(output);
  }

  override addSplits(splits: KafkaSplit[]): void {
    for (const split of splits) {
      this.buffers.set(split.splitId, {
        topic: split.topic,
        partition: split.partition,
        stoppingOffset: split.stoppingOffset,
        fetchOffset: split.offset,
        records: undefined,
      });
    }
    super.addSplits(splits);
    this.wakeFetcher?.();
  }

  override snapshotState(checkpointId: number): KafkaSplit[] {
    const splits = super.snapshotState(checkpointId);
    if (this.settings.commitOffsetsOnCheckpoint) {
      this.checkpointOffsets.set(
        checkpointId,
        new Map(splits.map((s) => [s.splitId, { topic: s.topic, partition: s.partition, offset: s.offset }])),
      );
    }
    return splits;
  }

  /**
   * Commits the offsets of a complete checkpoint to the consumer group, for monitoring and for a
   * later job that starts from 'committed' offsets; the job itself restores from its checkpoint.
   */
  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    const offsets = this.checkpointOffsets.get(checkpointId);
    for (const id of this.checkpointOffsets.keys()) if (id <= checkpointId) this.checkpointOffsets.delete(id);
    if (offsets === undefined || offsets.size === 0 || this.closed) return;
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const { topic, partition, offset } of offsets.values()) {
      const list = byTopic.get(topic) ?? [];
      list.push({ partition, offset: String(offset) });
      byTopic.set(topic, list);
    }
    try {
      if (this.admin === undefined) {
        this.admin = this.settings.kafka.admin();
        await this.admin.connect();
      }
      for (const [topic, partitions] of byTopic) {
        await this.admin.setOffsets({ groupId: this.settings.groupId!, topic, partitions });
      }
    } catch {
      // Only for monitoring: the next complete checkpoint commits newer offsets.
    }
  }

  override close(): void {
    super.close();
    this.closed = true;
    this.wakeFetcher?.();
    void this.admin?.disconnect().catch(() => {});
  }

  protected readSplit(split: KafkaSplit, output: ReaderOutput<T>): SplitProgress {
    const buffer = this.buffers.get(split.splitId)!;
    const stop = split.stoppingOffset;
    const records = buffer.records;
    if (records === undefined) {
      // Drained: everything before the next fetch's offset was emitted or was a control record.
      split.offset = buffer.fetchOffset;
      if (stop !== undefined && split.offset >= stop) return this.finish(split);
      return this.anyBuffered() ? 'more' : 'blocked';
    }
    for (let emitted = 0; emitted < RECORDS_PER_POLL; emitted++) {
      if (!records.next()) {
        buffer.records = undefined;
        split.offset = Math.max(split.offset, buffer.fetchOffset);
        this.wakeFetcher?.();
        return 'more';
      }
      const offset = records.offset;
      if (stop !== undefined && offset >= stop) {
        split.offset = stop;
        return this.finish(split);
      }
      // A tombstone (null value) deletes a key in a compacted topic; it holds no record.
      if (records.valueStart >= 0) {
        const value = this.decode(records, offset, split);
        if (value !== SKIP_RECORD) output.collect(value, records.timestamp);
      }
      split.offset = offset + 1;
    }
    return 'more';
  }

  private finish(split: KafkaSplit): SplitProgress {
    this.buffers.delete(split.splitId);
    return 'finished';
  }

  private anyBuffered(): boolean {
    for (const buffer of this.buffers.values()) if (buffer.records !== undefined) return true;
    return false;
  }

  private decode(records: FetchedRecords, offset: number, split: KafkaSplit): T | typeof SKIP_RECORD {
    const { data, valueStart, valueEnd } = records;
    try {
      return this.format.decode(data, valueStart, valueEnd);
    } catch (error) {
      const { topic, partition } = split;
      this.malformed.handle(
        {
          location: `topic '${topic}' partition ${partition} at offset ${offset}`,
          position: { topic, partition, offset },
          reason: reasonOf(error),
          text: data.toString(this.format.text ? 'utf8' : 'base64', valueStart, valueEnd),
        },
        error,
      );
      return SKIP_RECORD;
    }
  }

  // ---- the fetch loop ----

  private async fetchLoop(): Promise<void> {
    try {
      await this.cluster.connect();
      if (this.settings.topicPattern === undefined) await this.addTopics(this.settings.topics);
      while (!this.closed) {
        const wanted = [...this.buffers.values()].filter(
          (b) => b.records === undefined && (b.stoppingOffset === undefined || b.fetchOffset < b.stoppingOffset),
        );
        if (wanted.length === 0) {
          await new Promise<void>((resolve) => (this.wakeFetcher = resolve));
          this.wakeFetcher = undefined;
          continue;
        }
        await this.addTopics(wanted.map((b) => b.topic));
        await this.fetch(wanted);
      }
    } catch (error) {
      if (this.closed) return;
      this.failure = this.describe(error);
      this.unblock();
    } finally {
      await this.cluster.disconnect().catch(() => {});
    }
  }

  private async addTopics(topics: string[]): Promise<void> {
    const unknown = [...new Set(topics)].filter((topic) => !this.knownTopics.has(topic));
    if (unknown.length === 0) return;
    await loadTopicMetadata(this.cluster, unknown, 'kafkaSource', 'topics', this.settings.brokers);
    for (const topic of unknown) this.knownTopics.add(topic);
  }

  private async fetch(wanted: PartitionBuffer[]): Promise<void> {
    const byLeader = new Map<string, PartitionBuffer[]>();
    let leaderless = false;
    for (const buffer of wanted) {
      const leader = Object.keys(this.cluster.findLeaderForPartitions(buffer.topic, [buffer.partition]))[0];
      if (leader === undefined) {
        leaderless = true;
        continue;
      }
      const list = byLeader.get(leader) ?? [];
      list.push(buffer);
      byLeader.set(leader, list);
    }
    // A partition created since the metadata was loaded, or one whose leader moved.
    if (leaderless && Date.now() - this.metadataRefreshedAt > METADATA_REFRESH_MS) {
      this.metadataRefreshedAt = Date.now();
      await this.cluster.refreshMetadata();
    }
    if (byLeader.size === 0) {
      await new Promise((resolve) => setTimeout(resolve, FETCH_WAIT_MS));
      return;
    }
    await Promise.all([...byLeader].map(([leader, buffers]) => this.fetchFrom(leader, buffers)));
  }

  private async fetchFrom(leader: string, buffers: PartitionBuffer[]): Promise<void> {
    const topics = new Map<string, { partition: number; offset: number }[]>();
    for (const b of buffers) {
      const list = topics.get(b.topic) ?? [];
      list.push({ partition: b.partition, offset: b.fetchOffset });
      topics.set(b.topic, list);
    }
    let fetched: FetchedPartition[];
    try {
      const broker = await this.cluster.findBroker({ nodeId: leader });
      fetched = await broker.connectionPool.send(
        fetchRequest({
          isolationLevel: this.readCommitted ? READ_COMMITTED : READ_UNCOMMITTED,
          maxWaitMs: FETCH_WAIT_MS,
          maxBytes: FETCH_BYTES,
          partitionMaxBytes: PARTITION_FETCH_BYTES,
          topics,
        }),
      );
    } catch (error) {
      await this.retryLater(error);
      return;
    }
    let failure: Error | undefined;
    for (const data of fetched) {
      const buffer = this.buffers.get(`${data.topic}-${data.partition}`);
      if (buffer === undefined || buffer.records !== undefined) continue;
      if (data.errorCode === OFFSET_OUT_OF_RANGE) buffer.fetchOffset = await this.earliestOffset(buffer);
      else if (data.errorCode !== 0) failure ??= createErrorFromCode(data.errorCode);
      else this.fill(buffer, data);
    }
    if (failure !== undefined) await this.retryLater(failure);
    else this.failedFetches = 0;
  }

  private fill(buffer: PartitionBuffer, data: FetchedPartition): void {
    const records = new FetchedRecords(
      data.records,
      buffer.fetchOffset,
      this.readCommitted ? data.abortedTransactions : undefined,
      `topic '${buffer.topic}' partition ${buffer.partition}`,
    );
    if (records.nextOffset === undefined) return;
    buffer.records = records;
    buffer.fetchOffset = Math.max(buffer.fetchOffset, records.nextOffset);
    this.unblock();
  }

  /** A failed fetch: stale metadata is refreshed and a retriable error retried with back-off; the rest fails. */
  private async retryLater(error: unknown): Promise<void> {
    const failure = error as { name?: string; retriable?: boolean };
    const retriable = failure.retriable === true || failure.name === 'KafkaJSBrokerNotFound';
    if (!retriable || ++this.failedFetches > this.settings.retry.retries!) throw error;
    await new Promise((resolve) => setTimeout(resolve, Math.min(300 * 2 ** this.failedFetches, 10_000)));
    await this.cluster.refreshMetadata();
  }

  private async earliestOffset(buffer: PartitionBuffer): Promise<number> {
    const admin = this.settings.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(buffer.topic);
      return Number(offsets.find((o) => o.partition === buffer.partition)?.low ?? 0);
    } finally {
      await admin.disconnect();
    }
  }

  private describe(error: unknown): Error {
    if (error instanceof WeirError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new WeirError(
      `kafkaSource: reading from ${this.settings.brokers.join(',')} (field 'brokers') failed: ${message}`,
      { cause: error },
    );
  }
}
