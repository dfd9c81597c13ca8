/*
 * The in-flight data of an unaligned checkpoint (Flink's channel state, FLIP-76): what was on a
 * subtask's channels when its barrier overtook it. On the input side, what had come before the
 * barrier on each channel and was not processed yet when the subtask took its snapshot; on the
 * output side, what waited for credit when the barrier went out ahead of it. A restore replays the
 * inputs into their channels before any new input and sends the outputs before any new output, so
 * every record is processed once. Each event is encoded when it is recorded (records with the
 * batch codec), before anyone downstream can change it.
 */
import { encodeBatch } from '../network/batch-codec';
import type { ChannelEvent } from '../network/channel-event';
import { decodeState, encodeState } from './state-codec';

/** An event in flight as stored: records are always encoded. */
export type RecordedEvent =
  | { kind: 'encoded-records'; bytes: Uint8Array }
  | { kind: 'watermark'; watermark: number }
  | { kind: 'status'; idle: boolean };

/** A subtask's channel state in a snapshot; each list is an encoded `RecordedEvent[]`. */
export interface ChannelStateSnapshot {
  /** By input channel index (the subtask's input gate layout). */
  readonly inputs: readonly (readonly [channel: number, events: Uint8Array])[];
  /** By output channel: the job edge's index and the receiving subtask. */
  readonly outputs: readonly (readonly [edge: number, receiver: number, events: Uint8Array])[];
}

/** The stored form of a channel event, or undefined for those not kept (barriers, end of input). */
export function recordEvent(event: ChannelEvent): RecordedEvent | undefined {
  switch (event.kind) {
    case 'records':
      return { kind: 'encoded-records', bytes: encodeBatch(event.values, event.timestamps) };
    case 'encoded-records':
      // A copy: the batch's own buffer is handed over to the receiving thread when it is sent.
      return { kind: 'encoded-records', bytes: event.bytes.slice() };
    case 'watermark':
    case 'status':
      return event;
    default:
      return undefined;
  }
}

export function encodeRecordedEvents(events: readonly RecordedEvent[]): Uint8Array {
  return encodeState(events);
}

/** The events of one channel back, in order (records still encoded). */
export function decodeRecordedEvents(bytes: Uint8Array): RecordedEvent[] {
  return decodeState<RecordedEvent[]>(bytes);
}

/** Whether a snapshot's channel state holds anything in flight. */
export function holdsInFlightData(state: ChannelStateSnapshot | undefined): boolean {
  return state !== undefined && (state.inputs.length > 0 || state.outputs.length > 0);
}
