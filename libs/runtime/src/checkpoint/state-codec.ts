/*
 * The binary encoding of snapshots (DESIGN.md §6): msgpack (msgpackr), so state values keep their
 * Maps, Sets, Dates, typed arrays, bigints and `undefined`, and TTL-wrapped values come back as
 * TtlValues. No JSON anywhere: state is large, and JSON loses all of those.
 */
import { CheckpointError } from '@weir/common';
import { TtlValue } from '@weir/state';
import { addExtension, Packr, RESET_BUFFER_MODE } from 'msgpackr';
import { crc32 } from 'node:zlib';
import { NumericEntries } from './numeric-entries';
import type { SnapshotArena } from './snapshot-arena';

addExtension({
  Class: TtlValue,
  type: 0x57,
  write: (ttl: TtlValue<unknown>) => [ttl.value, ttl.timestamp],
  read: ([value, timestamp]: [unknown, number]) => new TtlValue(value, timestamp),
});

addExtension({
  Class: NumericEntries,
  type: 0x59,
  write: (entries: NumericEntries) => entries.encoded(),
  read: (encoded: unknown) => NumericEntries.decode(encoded),
});

/**
 * User values in state. Records (an object shape written once) make it 2.5x faster than msgpackr's
 * structured-clone mode, which only adds shared references and cycles; Maps stay Maps.
 * (`useBigInt64` is missing from msgpackr's typings.)
 */
const stateOptions = { useBigInt64: true, moreTypes: true, mapsAsObjects: false };
const statePackr = new Packr(stateOptions);
/** The snapshot's own structure, its byte arrays taken out (see `encodeFrame`). */
const framePackr = new Packr({ useRecords: false });

/** Where a byte array of a frame was: its bytes follow the header, in the order of the walk. */
class BlobRef {
  constructor(readonly length: number) {}
}

addExtension({
  Class: BlobRef,
  type: 0x58,
  write: (ref: BlobRef) => ref.length,
  read: (length: number) => new BlobRef(length),
});

export function encodeState(value: unknown): Uint8Array {
  return statePackr.pack(value);
}

/** Encodes `value` into `arena`: the packer writes over its own buffer, and the arena keeps the copy. */
export function encodeStateInto(value: unknown, arena: SnapshotArena): Uint8Array {
  return arena.append(statePackr.pack(value, RESET_BUFFER_MODE));
}

export function decodeState<T>(bytes: Uint8Array): T {
  return statePackr.unpack(bytes) as T;
}

/**
 * A snapshot structure (plain data holding byte arrays: the encoded key groups) as one buffer of
 * its own, so it can be transferred: `u32 header length · header · the byte arrays end to end`,
 * the header being the structure with each byte array replaced by its length. The arrays are
 * copied once, into place, and decoding hands out views of the buffer, never copies.
 */
export function encodeFrame(value: unknown): Uint8Array {
  const writer = new FrameWriter(value);
  writer.write(Number.POSITIVE_INFINITY);
  return writer.frame;
}

/**
 * Writes a frame (see encodeFrame) in steps: the header at once, the byte arrays a few at a time,
 * so a subtask copies a large snapshot between its batches rather than in one go.
 */
export class FrameWriter {
  readonly frame: Uint8Array;
  private readonly blobs: Uint8Array[] = [];
  private next = 0;
  private at: number;

  constructor(value: unknown) {
    const header = framePackr.pack(takeBlobs(value, this.blobs));
    let size = 4 + header.length;
    for (const blob of this.blobs) size += blob.length;
    this.frame = new Uint8Array(size);
    new DataView(this.frame.buffer).setUint32(0, header.length, true);
    this.frame.set(header, 4);
    this.at = 4 + header.length;
  }

  /** Copies until `deadline` (performance.now()); returns true while there is more to copy. */
  write(deadline: number): boolean {
    const blobs = this.blobs;
    while (this.next < blobs.length) {
      const blob = blobs[this.next];
      // Let go of each part once copied: a large snapshot is not held twice for longer than it takes.
      blobs[this.next++] = EMPTY;
      this.frame.set(blob, this.at);
      this.at += blob.length;
      if (performance.now() >= deadline) return this.next < blobs.length;
    }
    return false;
  }
}

const EMPTY = new Uint8Array(0);

/** Decodes a snapshot structure; `what` names it (a checkpoint, a subtask) in the error. */
export function decodeFrame<T>(bytes: Uint8Array, what: string): T {
  try {
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
    if (4 + headerLength > bytes.length) throw new RangeError(`its header of ${headerLength} bytes runs past its end`);
    const cursor = { at: 4 + headerLength };
    const value = putBlobs(framePackr.unpack(bytes.subarray(4, 4 + headerLength)), bytes, cursor);
    if (cursor.at !== bytes.length) throw new RangeError(`${bytes.length - cursor.at} bytes follow its last part`);
    return value as T;
  } catch (error) {
    throw new CheckpointError(`${what} cannot be decoded (${(error as Error).message}): it is corrupt.`, {
      cause: error,
    });
  }
}

function takeBlobs(value: unknown, blobs: Uint8Array[]): unknown {
  if (value instanceof Uint8Array) {
    blobs.push(value);
    return new BlobRef(value.length);
  }
  if (Array.isArray(value)) return value.map((v) => takeBlobs(v, blobs));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = takeBlobs(v, blobs);
  }
  return out;
}

function putBlobs(value: unknown, frame: Uint8Array, cursor: { at: number }): unknown {
  if (value instanceof BlobRef) {
    const end = cursor.at + value.length;
    if (end > frame.length) throw new RangeError('a part runs past its end');
    const blob = frame.subarray(cursor.at, end);
    cursor.at = end;
    return blob;
  }
  if (Array.isArray(value)) return value.map((v) => putBlobs(v, frame, cursor));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = putBlobs(record[key], frame, cursor);
  return record;
}

/** What a blob is checked against on restore: a truncated or altered blob fails the check. */
export interface BlobDigest {
  readonly size: number;
  readonly crc32: number;
}

export function digestOf(bytes: Uint8Array): BlobDigest {
  return { size: bytes.length, crc32: crc32(bytes) };
}

export function verifyDigest(bytes: Uint8Array, digest: BlobDigest, what: string): void {
  if (bytes.length !== digest.size) {
    throw new CheckpointError(
      `${what} is ${bytes.length} bytes but was written with ${digest.size}: it is truncated or corrupt.`,
    );
  }
  if (crc32(bytes) !== digest.crc32) {
    throw new CheckpointError(`${what} fails its CRC-32 check: it is corrupt.`);
  }
}
