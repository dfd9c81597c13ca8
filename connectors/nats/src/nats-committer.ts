import type { Committer, CommitterContext } from '@weir/connector-sdk';
import type { JetStreamPublisher } from './jetstream-publisher';
import type { NatsCommittable } from './nats-committable';

/**
 * Publishes each committable's messages with ids `<job>/<sink>/<subtask>/<checkpoint>/<index>`: a
 * commit replayed after a restore sends the same ids, and JetStream drops those it already stored
 * (within the stream's duplicate window, 2 minutes by default), so each message is stored once.
 */
export class NatsCommitter implements Committer<NatsCommittable> {
  constructor(
    private readonly publisher: JetStreamPublisher,
    private readonly context: Pick<CommitterContext, 'jobId' | 'operatorUid'>,
  ) {}

  async commit(committables: readonly NatsCommittable[]): Promise<void> {
    const prefix = `${this.context.jobId}/${this.context.operatorUid}`;
    const ordered = [...committables].sort((a, b) => a.checkpointId - b.checkpointId || a.subtask - b.subtask);
    for (const { subtask, checkpointId, payloads } of ordered) {
      await this.publisher.send(payloads, `${prefix}/${subtask}/${checkpointId}/`);
    }
  }

  close(): Promise<void> {
    return this.publisher.close();
  }
}
