/*
 * The sending half of the data plane on NATS: TaskHost keeps deliveries within its thread local and
 * hands everything for another host to its RemotePeers, which here publishes to the receiving
 * subtask's own subject. One publish per batch or event, never per record, and never awaited: the
 * client buffers and flushes on its own, and credits (not NATS) bound what is in flight. A batch
 * larger than the server's max_payload goes in fragments (envelope-fragments.ts).
 */
import type { NatsConnection } from 'nats';
import type { RemotePeers } from '../../executor/task-host';
import type { ChannelEvent, SubtaskAddress } from '../channel-event';
import { encodeCreditEnvelope, encodeDataEnvelope } from './data-envelope';
import { splitEnvelope } from './envelope-fragments';
import { checkDataPlaneScope, creditSubject, dataSubject, type DataPlaneScope } from './data-plane-subjects';

export class NatsRemotePeers implements RemotePeers {
  private readonly maxPayload: number;

  constructor(
    private readonly connection: NatsConnection,
    private readonly scope: DataPlaneScope,
  ) {
    checkDataPlaneScope(scope);
    this.maxPayload = connection.info?.max_payload ?? Number.POSITIVE_INFINITY;
  }

  /** Subtasks are addressed by subject, wherever they run, so the host index is not needed. */
  sendData(_host: number, to: SubtaskAddress, channel: number, seq: number, event: ChannelEvent): void {
    const subject = dataSubject(this.scope, to);
    for (const bytes of splitEnvelope(encodeDataEnvelope(channel, seq, event), channel, seq, this.maxPayload)) {
      this.connection.publish(subject, bytes);
    }
  }

  sendCredit(_host: number, to: SubtaskAddress, edge: number, receiver: number, credits: number): void {
    this.connection.publish(creditSubject(this.scope, to), encodeCreditEnvelope(edge, receiver, credits));
  }

  /** Resolves once the server has everything published so far. */
  flush(): Promise<void> {
    return this.connection.flush();
  }
}
