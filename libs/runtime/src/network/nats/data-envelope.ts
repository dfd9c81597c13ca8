/*
 * The wire format of the data plane on NATS (DESIGN.md §4): one compact binary envelope per
 * message, so a receiver learns what a message is from a fixed header, never from JSON. Records
 * travel as the batch codec's bytes, untouched; the in-band events and credits are a few bytes each.
 *
 *   data:    magic(1) kind(1) channel(u32) seq(f64) payload
 *            payload: records → the batch codec's bytes · watermark → f64 · status → u8 (1 idle) · end → none
 *                     · barrier → checkpoint id f64, timestamp f64
 *   credit:  magic(1) kind(1) edge(u32) receiver(u32) credits(u32)
 *
 * Numbers are little-endian. The sequence number is a float64 so it stays exact far beyond 2^32.
 * Anything else on a data plane subject is garbage, and decoding it throws RuntimeFailure.
 */
import { RuntimeFailure } from '@weir/common';
import { encodeBatch } from '../batch-codec';
import type { ChannelEvent } from '../channel-event';

const MAGIC = 0x57; // 'W'
const RECORDS = 1;
const WATERMARK = 2;
const STATUS = 3;
const END = 4;
const CREDIT = 5;
const BARRIER = 6;

const DATA_HEADER = 14;
const CREDIT_LENGTH = 14;

/** A decoded data envelope: the event for channel `channel` of the receiving subtask's gate. */
export interface DataEnvelope {
  channel: number;
  seq: number;
  event: ChannelEvent;
}

/** A decoded credit envelope: `credits` more buffers for the sender's channel (edge, receiver). */
export interface CreditEnvelope {
  edge: number;
  receiver: number;
  credits: number;
}

export function encodeDataEnvelope(channel: number, seq: number, event: ChannelEvent): Uint8Array {
  switch (event.kind) {
    case 'encoded-records':
      return withPayload(RECORDS, channel, seq, event.bytes);
    case 'records':
      // Only a transport that thinks the receiver is local hands over raw records; encode them all the same.
      return withPayload(RECORDS, channel, seq, encodeBatch(event.values, event.timestamps));
    case 'watermark': {
      const bytes = header(WATERMARK, channel, seq, 8);
      new DataView(bytes.buffer).setFloat64(DATA_HEADER, event.watermark, true);
      return bytes;
    }
    case 'status': {
      const bytes = header(STATUS, channel, seq, 1);
      bytes[DATA_HEADER] = event.idle ? 1 : 0;
      return bytes;
    }
    case 'end':
      return header(END, channel, seq, 0);
    case 'barrier': {
      const bytes = header(BARRIER, channel, seq, 16);
      const view = new DataView(bytes.buffer);
      view.setFloat64(DATA_HEADER, event.checkpointId, true);
      view.setFloat64(DATA_HEADER + 8, event.timestamp, true);
      return bytes;
    }
  }
}

export function encodeCreditEnvelope(edge: number, receiver: number, credits: number): Uint8Array {
  const bytes = new Uint8Array(CREDIT_LENGTH);
  const view = new DataView(bytes.buffer);
  bytes[0] = MAGIC;
  bytes[1] = CREDIT;
  view.setUint32(2, edge, true);
  view.setUint32(6, receiver, true);
  view.setUint32(10, credits, true);
  return bytes;
}

/** Decodes a message from a data subject; the records payload is copied out of `bytes`. */
export function decodeDataEnvelope(bytes: Uint8Array): DataEnvelope {
  if (bytes.length < DATA_HEADER || bytes[0] !== MAGIC) {
    throw new RuntimeFailure(
      `Data plane message of ${bytes.length} bytes is not a Weir data envelope (bad magic or too short); it was not sent by a Weir subtask.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = bytes[1];
  const channel = view.getUint32(2, true);
  const seq = view.getFloat64(6, true);
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new RuntimeFailure(`Data envelope carries sequence number ${seq}; it must be a non-negative integer.`);
  }
  const payload = bytes.length - DATA_HEADER;
  switch (kind) {
    case RECORDS:
      if (payload === 0) throw new RuntimeFailure('Data envelope of kind records has no records payload.');
      // A copy: the client's read buffer may be reused, and the batch is decoded later by the task.
      return { channel, seq, event: { kind: 'encoded-records', bytes: bytes.slice(DATA_HEADER) } };
    case WATERMARK: {
      expectPayload('watermark', payload, 8);
      const watermark = view.getFloat64(DATA_HEADER, true);
      if (Number.isNaN(watermark)) throw new RuntimeFailure('Data envelope carries a watermark that is NaN.');
      return { channel, seq, event: { kind: 'watermark', watermark } };
    }
    case STATUS: {
      expectPayload('status', payload, 1);
      const flag = bytes[DATA_HEADER];
      if (flag > 1) throw new RuntimeFailure(`Data envelope carries watermark status ${flag}; it must be 0 or 1.`);
      return { channel, seq, event: { kind: 'status', idle: flag === 1 } };
    }
    case END:
      expectPayload('end', payload, 0);
      return { channel, seq, event: { kind: 'end' } };
    case BARRIER: {
      expectPayload('barrier', payload, 16);
      const checkpointId = view.getFloat64(DATA_HEADER, true);
      if (!Number.isSafeInteger(checkpointId) || checkpointId < 1) {
        throw new RuntimeFailure(
          `Data envelope carries checkpoint barrier ${checkpointId}; it must be an integer >= 1.`,
        );
      }
      return {
        channel,
        seq,
        event: { kind: 'barrier', checkpointId, timestamp: view.getFloat64(DATA_HEADER + 8, true) },
      };
    }
    default:
      throw new RuntimeFailure(
        `Data envelope has unknown kind ${kind}; expected 1 (records) to 4 (end) or 6 (barrier).`,
      );
  }
}

/** Decodes a message from a credit subject. */
export function decodeCreditEnvelope(bytes: Uint8Array): CreditEnvelope {
  if (bytes.length !== CREDIT_LENGTH || bytes[0] !== MAGIC || bytes[1] !== CREDIT) {
    throw new RuntimeFailure(
      `Credit message of ${bytes.length} bytes is not a Weir credit envelope (${CREDIT_LENGTH} bytes, kind ${CREDIT}).`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const credits = view.getUint32(10, true);
  if (credits === 0) throw new RuntimeFailure('Credit envelope grants 0 credits; a grant is at least 1.');
  return { edge: view.getUint32(2, true), receiver: view.getUint32(6, true), credits };
}

function header(kind: number, channel: number, seq: number, payload: number): Uint8Array {
  const bytes = new Uint8Array(DATA_HEADER + payload);
  const view = new DataView(bytes.buffer);
  bytes[0] = MAGIC;
  bytes[1] = kind;
  view.setUint32(2, channel, true);
  view.setFloat64(6, seq, true);
  return bytes;
}

function withPayload(kind: number, channel: number, seq: number, payload: Uint8Array): Uint8Array {
  const bytes = header(kind, channel, seq, payload.length);
  bytes.set(payload, DATA_HEADER);
  return bytes;
}

function expectPayload(kind: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new RuntimeFailure(`Data envelope of kind ${kind} has a ${actual}-byte payload; expected ${expected} bytes.`);
  }
}
