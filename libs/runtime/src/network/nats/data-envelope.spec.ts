import { RuntimeFailure } from '@weir/common';
import { decodeBatch, encodeBatch } from '../batch-codec';
import type { ChannelEvent } from '../channel-event';
import { decodeCreditEnvelope, decodeDataEnvelope, encodeCreditEnvelope, encodeDataEnvelope } from './data-envelope';

function roundTrip(event: ChannelEvent, channel = 3, seq = 41) {
  return decodeDataEnvelope(encodeDataEnvelope(channel, seq, event));
}

function failure(action: () => unknown): RuntimeFailure {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RuntimeFailure);
    return error as RuntimeFailure;
  }
  throw new Error('expected a RuntimeFailure');
}

describe('data envelope', () => {
  it('carries encoded records as the batch codec wrote them', () => {
    const bytes = encodeBatch([{ key: 'a', n: 1 }, 'b'], [10, 20]);
    const envelope = roundTrip({ kind: 'encoded-records', bytes }, 7, 2 ** 40);
    expect(envelope.channel).toBe(7);
    expect(envelope.seq).toBe(2 ** 40);
    expect(envelope.event).toEqual({ kind: 'encoded-records', bytes });
  });

  it('encodes plain records with the batch codec', () => {
    const { event } = roundTrip({ kind: 'records', values: [1, 'two'], timestamps: [5, 6] });
    if (event.kind !== 'encoded-records') throw new Error(`got ${event.kind}`);
    const batch = decodeBatch(event.bytes);
    expect(batch.values).toEqual([1, 'two']);
    expect(Array.from(batch.timestamps)).toEqual([5, 6]);
  });

  it.each<ChannelEvent>([
    { kind: 'watermark', watermark: 1_700_000_000_123 },
    { kind: 'watermark', watermark: Number.NEGATIVE_INFINITY },
    { kind: 'watermark', watermark: Number.POSITIVE_INFINITY },
    { kind: 'status', idle: true },
    { kind: 'status', idle: false },
    { kind: 'end' },
  ])('round-trips %o', (event) => {
    expect(roundTrip(event, 0, 0)).toEqual({ channel: 0, seq: 0, event });
  });

  it('keeps in-band events small: a watermark is 22 bytes, end-of-input 14', () => {
    expect(encodeDataEnvelope(1, 1, { kind: 'watermark', watermark: 5 }).length).toBe(22);
    expect(encodeDataEnvelope(1, 1, { kind: 'end' }).length).toBe(14);
  });

  it('copies the records payload out of the received buffer', () => {
    const wire = encodeDataEnvelope(0, 0, { kind: 'encoded-records', bytes: Uint8Array.of(1, 2, 3) });
    const { event } = decodeDataEnvelope(wire);
    wire.fill(0);
    expect(event).toEqual({ kind: 'encoded-records', bytes: Uint8Array.of(1, 2, 3) });
  });

  it('decodes an envelope that sits inside a larger buffer', () => {
    const wire = encodeDataEnvelope(2, 9, { kind: 'status', idle: true });
    const larger = new Uint8Array(wire.length + 10);
    larger.set(wire, 5);
    expect(decodeDataEnvelope(larger.subarray(5, 5 + wire.length))).toEqual({
      channel: 2,
      seq: 9,
      event: { kind: 'status', idle: true },
    });
  });

  it('round-trips credits', () => {
    expect(decodeCreditEnvelope(encodeCreditEnvelope(2, 5, 8))).toEqual({ edge: 2, receiver: 5, credits: 8 });
  });

  describe('rejects garbage with a RuntimeFailure', () => {
    const valid = () => encodeDataEnvelope(1, 1, { kind: 'watermark', watermark: 5 });

    it('text', () => {
      expect(failure(() => decodeDataEnvelope(new TextEncoder().encode('hello, subtask'))).message).toMatch(
        /not a Weir data envelope/,
      );
    });

    it('an empty or truncated message', () => {
      expect(failure(() => decodeDataEnvelope(new Uint8Array(0))).message).toMatch(/0 bytes/);
      expect(failure(() => decodeDataEnvelope(valid().subarray(0, 20))).message).toMatch(/6-byte payload; expected 8/);
    });

    it('an unknown kind', () => {
      const bytes = valid();
      bytes[1] = 9;
      expect(failure(() => decodeDataEnvelope(bytes)).message).toMatch(/unknown kind 9/);
    });

    it('a sequence number that is not an integer', () => {
      const bytes = valid();
      new DataView(bytes.buffer).setFloat64(6, 1.5, true);
      expect(failure(() => decodeDataEnvelope(bytes)).message).toMatch(/sequence number 1.5/);
    });

    it('a NaN watermark, a bad status flag, a records envelope without records, an end with a payload', () => {
      const nan = valid();
      new DataView(nan.buffer).setFloat64(14, Number.NaN, true);
      expect(failure(() => decodeDataEnvelope(nan)).message).toMatch(/NaN/);
      const status = encodeDataEnvelope(1, 1, { kind: 'status', idle: true });
      status[14] = 7;
      expect(failure(() => decodeDataEnvelope(status)).message).toMatch(/status 7/);
      const empty = encodeDataEnvelope(1, 1, { kind: 'encoded-records', bytes: new Uint8Array(0) });
      expect(failure(() => decodeDataEnvelope(empty)).message).toMatch(/no records payload/);
      const end = new Uint8Array(15);
      end.set(encodeDataEnvelope(1, 1, { kind: 'end' }));
      expect(failure(() => decodeDataEnvelope(end)).message).toMatch(/end has a 1-byte payload/);
    });

    it('credits: wrong length, wrong kind, zero credits', () => {
      expect(failure(() => decodeCreditEnvelope(new Uint8Array(3))).message).toMatch(/not a Weir credit envelope/);
      expect(failure(() => decodeCreditEnvelope(valid().subarray(0, 14))).message).toMatch(
        /not a Weir credit envelope/,
      );
      expect(failure(() => decodeCreditEnvelope(encodeCreditEnvelope(0, 0, 0))).message).toMatch(/0 credits/);
    });
  });
});
