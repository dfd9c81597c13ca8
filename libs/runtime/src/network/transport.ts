import type { ChannelEvent, SubtaskAddress } from './channel-event';

/**
 * How subtasks reach each other (DESIGN.md §1): the only thing besides the snapshot store that
 * differs between embedded mode (in-thread calls and MessagePorts between worker threads) and a
 * cluster (NATS subjects). Delivery on one channel is in order; a gap is detected by `seq`.
 */
export interface Transport {
  /** Sends an event to channel `channel` of the receiving subtask's input gate. */
  sendData(to: SubtaskAddress, channel: number, seq: number, event: ChannelEvent): void;
  /** Grants `credits` more buffers to the sender's output channel for (edge, receiver). */
  sendCredit(to: SubtaskAddress, edge: number, receiver: number, credits: number): void;
  /** True when `to` lives in this thread, so batches need no encoding. */
  isLocal(to: SubtaskAddress): boolean;
}
