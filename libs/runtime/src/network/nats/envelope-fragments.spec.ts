import { RuntimeFailure } from '@weir/common';
import { decodeBatch, encodeBatch } from '../batch-codec';
import { decodeDataEnvelope, encodeDataEnvelope } from './data-envelope';
import { FragmentAssembler, isFragment, splitEnvelope } from './envelope-fragments';

describe('envelope fragments', () => {
  const values = Array.from({ length: 5000 }, (_, i) => ({ id: i, text: `record number ${i}` }));
  const envelope = encodeDataEnvelope(3, 77, {
    kind: 'encoded-records',
    bytes: encodeBatch(
      values,
      values.map((v) => v.id),
    ),
  });

  it('leaves an envelope that fits as it is', () => {
    expect(splitEnvelope(envelope, 3, 77, envelope.length)).toEqual([envelope]);
  });

  it('splits a large batch into fragments within max_payload and puts it back together', () => {
    const fragments = splitEnvelope(envelope, 3, 77, 4096);
    expect(fragments.length).toBeGreaterThan(10);
    for (const fragment of fragments) {
      expect(fragment.length).toBeLessThanOrEqual(4096);
      expect(isFragment(fragment)).toBe(true);
    }
    const assembler = new FragmentAssembler();
    const whole = fragments.map((f) => assembler.add(f));
    expect(whole.slice(0, -1).every((w) => w === undefined)).toBe(true);
    const decoded = decodeDataEnvelope(whole.at(-1)!);
    expect(decoded.channel).toBe(3);
    expect(decoded.seq).toBe(77);
    if (decoded.event.kind !== 'encoded-records') throw new Error(decoded.event.kind);
    expect(decodeBatch(decoded.event.bytes).values).toEqual(values);
  });

  it('fails when fragments of two batches of a channel interleave', () => {
    const assembler = new FragmentAssembler();
    const first = splitEnvelope(envelope, 1, 1, 4096);
    const second = splitEnvelope(envelope, 1, 2, 4096);
    assembler.add(first[0]);
    expect(() => assembler.add(second[0])).toThrow(RuntimeFailure);
    expect(() => assembler.add(second[0])).not.toThrow();
  });

  it('is not fooled by a plain envelope of any kind', () => {
    expect(isFragment(envelope)).toBe(false);
    // A barrier (kind 6) once looked like a fragment, and vanished into the assembler on the cluster.
    expect(isFragment(encodeDataEnvelope(0, 5, { kind: 'barrier', checkpointId: 3, timestamp: 1 }))).toBe(false);
    expect(isFragment(encodeDataEnvelope(0, 5, { kind: 'watermark', watermark: 9 }))).toBe(false);
    expect(isFragment(encodeDataEnvelope(0, 5, { kind: 'end' }))).toBe(false);
  });
});
