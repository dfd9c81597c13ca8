import { WriteAheadSinkWriter, type PrecommittingSinkWriter, type WriteAheadCommittable } from '@weir/connector-sdk';
import { partitionOf } from './partition-routing';
import type { PulsarAdmin } from './pulsar-admin';
import type { PulsarMessage } from './pulsar-message';
import type { PulsarTopic } from './pulsar-topic';

/**
 * One checkpoint's messages from one writer, sent when the checkpoint is complete, with what makes
 * a replay of the commit send each message to the same partition under the same sequence id.
 */
export interface PulsarCommittable extends WriteAheadCommittable<PulsarMessage> {
  /** The topic's partition count when the writer routed these (0: not partitioned). */
  readonly partitions: number;
  /** Per partition (one entry for a topic that is not partitioned), the sequence id of its first message here. */
  readonly firstSequenceIds: readonly number[];
}

/**
 * The writer of the exactly-once Pulsar sink: keeps each checkpoint's messages (a write-ahead log in
 * the checkpoint) and, at the barrier, numbers them per partition, continuing from its previous
 * checkpoint, so that a producer's sequence ids run on without a gap from one commit to the next.
 */
export class ExactlyOncePulsarWriter<T> implements PrecommittingSinkWriter<T, PulsarCommittable> {
  private readonly log: WriteAheadSinkWriter<T, PulsarMessage>;
  private partitions: Promise<number> | undefined;
  /** Per partition, the sequence id of the next message. */
  private nextSequenceIds: number[] = [];

  constructor(
    subtaskIndex: number,
    encode: (value: T, timestamp: number | undefined) => PulsarMessage,
    private readonly topic: PulsarTopic,
    private readonly admin: PulsarAdmin,
  ) {
    this.log = new WriteAheadSinkWriter(subtaskIndex, encode);
  }

  write(value: T, timestamp: number | undefined): void {
    this.log.write(value, timestamp);
  }

  flush(): void {}

  async prepareCommit(checkpointId: number): Promise<PulsarCommittable[]> {
    const [logged] = this.log.prepareCommit(checkpointId);
    if (logged === undefined) return [];
    // Once per writer: the partition count its messages are routed by, the same in every replay.
    const partitions = await (this.partitions ??= this.admin.partitions(this.topic, 'topic'));
    if (this.nextSequenceIds.length === 0) this.nextSequenceIds = new Array<number>(Math.max(partitions, 1)).fill(0);
    const firstSequenceIds = this.nextSequenceIds.slice();
    logged.items.forEach((message, i) => {
      this.nextSequenceIds[partitions === 0 ? 0 : partitionOf(message.key, logged.firstItem + i, partitions)]++;
    });
    return [{ ...logged, partitions, firstSequenceIds }];
  }

  close(): void {
    this.log.close();
  }
}
