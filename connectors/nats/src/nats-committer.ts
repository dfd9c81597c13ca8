import type { Committer } from '@weir/connector-sdk';
import type { JetStreamPublisher } from './jetstream-publisher';
import type { NatsCommittable } from './nats-sink';

/**
 * Publishes each committable's messages with ids `<writer>/<checkpoint>/<index>`: a commit replayed
 * after a restore sends the same ids, and JetStream drops those it already stored (within the
 * stream's duplicate window, 2 minutes by default), so each message is stored once.
 */
export class NatsCommitter implements Committer<NatsCommittable> {
  constructor(private readonly publisher: JetStreamPublisher) {}

  async commit(committables: readonly NatsCommittable[]): Promise<void> {
    const ordered = [...committables].sort((a, b) => a.checkpointId - b.checkpointId || a.subtask - b.subtask);
    for (const { writerId, checkpointId, items } of ordered) {
      await this.publisher.send(items, `${writerId}/${checkpointId}/`);
    }
  }

  close(): Promise<void> {
    return this.publisher.close();
  }
}
