/*
 * The receiving half of the data plane on NATS: subscribes to the data and credit subjects of the
 * subtasks hosted in this process and delivers what arrives into their TaskHost. A message that is
 * not a valid envelope did not come from a Weir subtask: it is dropped, logged and counted, and the
 * job goes on (issue 3, "Bad input"). Losing a real batch is caught by the receiver's sequence check.
 */
import type { Msg, NatsConnection, NatsError, Subscription } from 'nats';
import type { ChannelEvent, SubtaskAddress } from '../channel-event';
import { decodeCreditEnvelope, decodeDataEnvelope } from './data-envelope';
import { FragmentAssembler, isFragment } from './envelope-fragments';
import { checkDataPlaneScope, creditSubject, dataSubject, type DataPlaneScope } from './data-plane-subjects';

/** Where received messages go: TaskHost's deliveries from other hosts. */
export interface DataPlaneTarget {
  receiveData(to: SubtaskAddress, channel: number, seq: number, event: ChannelEvent): void;
  receiveCredit(to: SubtaskAddress, edge: number, receiver: number, credits: number): void;
}

export class NatsDataReceiver {
  /** Messages dropped because they were not valid envelopes (a metric for the TaskManager to export). */
  droppedMessages = 0;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly connection: NatsConnection,
    private readonly scope: DataPlaneScope,
    private readonly target: DataPlaneTarget,
    private readonly logError: (message: string) => void = (message) => console.error(message),
  ) {
    checkDataPlaneScope(scope);
  }

  /**
   * Subscribes for `subtasks`; resolves once the server knows the subscriptions, so senders
   * started after that lose nothing.
   */
  async subscribe(subtasks: readonly SubtaskAddress[]): Promise<void> {
    for (const address of subtasks) {
      const to = { vertex: address.vertex, subtask: address.subtask };
      const assembler = new FragmentAssembler();
      this.subscriptions.push(
        this.connection.subscribe(dataSubject(this.scope, to), {
          callback: (error, message) => this.onData(to, assembler, error, message),
        }),
        this.connection.subscribe(creditSubject(this.scope, to), {
          callback: (error, message) => this.onCredit(to, error, message),
        }),
      );
    }
    await this.connection.flush();
  }

  /** Handles what has already arrived, then stops receiving. The connection stays open. */
  async close(): Promise<void> {
    const subscriptions = this.subscriptions.splice(0);
    await Promise.all(subscriptions.map((s) => (s.isClosed() ? undefined : s.drain())));
  }

  private onData(to: SubtaskAddress, assembler: FragmentAssembler, error: NatsError | null, message: Msg): void {
    if (error !== null) return this.drop(message, error);
    let envelope;
    try {
      let bytes: Uint8Array | undefined = message.data;
      if (isFragment(bytes)) bytes = assembler.add(bytes);
      if (bytes === undefined) return;
      envelope = decodeDataEnvelope(bytes);
    } catch (decodeError) {
      return this.drop(message, decodeError);
    }
    this.target.receiveData(to, envelope.channel, envelope.seq, envelope.event);
  }

  private onCredit(to: SubtaskAddress, error: NatsError | null, message: Msg): void {
    if (error !== null) return this.drop(message, error);
    let envelope;
    try {
      envelope = decodeCreditEnvelope(message.data);
    } catch (decodeError) {
      return this.drop(message, decodeError);
    }
    this.target.receiveCredit(to, envelope.edge, envelope.receiver, envelope.credits);
  }

  private drop(message: Msg | undefined, cause: unknown): void {
    this.droppedMessages++;
    const reason = cause instanceof Error ? cause.message : String(cause);
    this.logError(
      JSON.stringify({
        level: 'error',
        msg: 'Dropped a message on the data plane',
        subject: message?.subject,
        reason,
        droppedMessages: this.droppedMessages,
      }),
    );
  }
}
