/*
 * A data envelope larger than the NATS server's max_payload travels in fragments: each is a small
 * header (magic, kind 8 or 9 for the last — kinds no data envelope has — channel, seq) and a slice
 * of the envelope's bytes. NATS keeps one publisher's order on a subject, so the receiver appends a
 * channel's fragments until the last one and then decodes the whole envelope; the batch's one
 * credit covers all its fragments.
 */
import { RuntimeFailure } from '@weir/common';

const MAGIC = 0x57;
const FRAGMENT = 8;
const LAST_FRAGMENT = 9;
const HEADER = 14;

/** The envelope as it is when it fits in `maxPayload`, else in fragments that each fit. */
export function splitEnvelope(envelope: Uint8Array, channel: number, seq: number, maxPayload: number): Uint8Array[] {
  if (envelope.length <= maxPayload) return [envelope];
  const chunk = maxPayload - HEADER;
  if (chunk < 1) throw new RuntimeFailure(`NATS max_payload of ${maxPayload} bytes is too small for the data plane.`);
  const fragments: Uint8Array[] = [];
  for (let offset = 0; offset < envelope.length; offset += chunk) {
    const end = Math.min(envelope.length, offset + chunk);
    const fragment = new Uint8Array(HEADER + end - offset);
    const view = new DataView(fragment.buffer);
    fragment[0] = MAGIC;
    fragment[1] = end === envelope.length ? LAST_FRAGMENT : FRAGMENT;
    view.setUint32(2, channel, true);
    view.setFloat64(6, seq, true);
    fragment.set(envelope.subarray(offset, end), HEADER);
    fragments.push(fragment);
  }
  return fragments;
}

export function isFragment(bytes: Uint8Array): boolean {
  return bytes.length >= HEADER && bytes[0] === MAGIC && (bytes[1] === FRAGMENT || bytes[1] === LAST_FRAGMENT);
}

/** Reassembles the fragments of one receiving subtask's channels; at most one envelope per channel is pending. */
export class FragmentAssembler {
  private readonly pending = new Map<number, { seq: number; parts: Uint8Array[] }>();

  /** Takes a fragment; returns the whole envelope once its last fragment has arrived. */
  add(bytes: Uint8Array): Uint8Array | undefined {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const channel = view.getUint32(2, true);
    const seq = view.getFloat64(6, true);
    let entry = this.pending.get(channel);
    if (entry !== undefined && entry.seq !== seq) {
      this.pending.delete(channel);
      throw new RuntimeFailure(
        `Fragment of batch ${seq} on channel ${channel} arrived while batch ${entry.seq} was incomplete; dropped both.`,
      );
    }
    if (entry === undefined) this.pending.set(channel, (entry = { seq, parts: [] }));
    entry.parts.push(bytes.slice(HEADER));
    if (bytes[1] !== LAST_FRAGMENT) return undefined;
    this.pending.delete(channel);
    return Buffer.concat(entry.parts);
  }
}
