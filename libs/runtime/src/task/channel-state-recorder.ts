import {
  encodeRecordedEvents,
  recordEvent,
  type ChannelStateSnapshot,
  type RecordedEvent,
} from '../checkpoint/channel-state';
import type { ChannelEvent } from '../network/channel-event';

/**
 * Collects one unaligned checkpoint's in-flight data at a subtask (see channel-state.ts). Taken at
 * the first barrier: the outputs the barrier overtook, at once; then, per input channel, every
 * delivery not processed before the snapshot — those waiting in the mailbox, and those still to
 * come — up to that channel's barrier (or its end). It is complete when every channel got there;
 * processing goes on meanwhile, which is the point of unaligned checkpoints.
 */
export class ChannelStateRecorder {
  private readonly inputs = new Map<number, RecordedEvent[]>();
  private readonly outputs: [edge: number, receiver: number, events: RecordedEvent[]][] = [];
  /** Per input channel: true while its barrier has not come. */
  private readonly open: boolean[];
  private openChannels: number;
  private readonly startedAt = performance.now();
  /** From the first barrier to the last, once complete. */
  alignmentMs = 0;

  constructor(
    readonly checkpointId: number,
    numberOfChannels: number,
    hasEnded: (channel: number) => boolean,
  ) {
    this.open = Array.from({ length: numberOfChannels }, (_, channel) => !hasEnded(channel));
    this.openChannels = this.open.filter(Boolean).length;
  }

  get complete(): boolean {
    return this.openChannels === 0;
  }

  /** A delivery on `channel` that was not processed before the snapshot, in the channel's order. */
  onDelivery(channel: number, event: ChannelEvent): void {
    if (!this.open[channel]) return;
    if (event.kind === 'end' || (event.kind === 'barrier' && event.checkpointId >= this.checkpointId)) {
      this.open[channel] = false;
      if (--this.openChannels === 0) this.alignmentMs = performance.now() - this.startedAt;
      return;
    }
    const recorded = recordEvent(event);
    if (recorded === undefined) return;
    let events = this.inputs.get(channel);
    if (events === undefined) this.inputs.set(channel, (events = []));
    events.push(recorded);
  }

  /** What waited on an output channel when the barrier went out ahead of it. */
  onOvertaken(edge: number, receiver: number, events: readonly ChannelEvent[]): void {
    const recorded = events.map(recordEvent).filter((e): e is RecordedEvent => e !== undefined);
    if (recorded.length > 0) this.outputs.push([edge, receiver, recorded]);
  }

  result(): ChannelStateSnapshot {
    return {
      inputs: Array.from(this.inputs, ([channel, events]) => [channel, encodeRecordedEvents(events)] as const),
      outputs: this.outputs.map(([edge, receiver, events]) => [edge, receiver, encodeRecordedEvents(events)] as const),
    };
  }
}
