/*
 * The binary encoding of snapshots (DESIGN.md §6): msgpack (msgpackr) with structured-clone types,
 * so state values keep their Maps, Sets, Dates, bigints and `undefined`, and TTL-wrapped values
 * come back as TtlValues. No JSON anywhere: state is large, and JSON loses all of those.
 */
import { CheckpointError } from '@weir/common';
import { TtlValue } from '@weir/state';
import { addExtension, Packr } from 'msgpackr';
import { crc32 } from 'node:zlib';

addExtension({
  Class: TtlValue,
  type: 0x57,
  write: (ttl: TtlValue<unknown>) => [ttl.value, ttl.timestamp],
  read: ([value, timestamp]: [unknown, number]) => new TtlValue(value, timestamp),
});

/** User values in state: any structured-clonable value. (`useBigInt64` is missing from msgpackr's typings.) */
const stateOptions = { structuredClone: true, useBigInt64: true, moreTypes: true };
const statePackr = new Packr(stateOptions);
/** The snapshot's own structure (plain data and byte arrays). */
const framePackr = new Packr({ useRecords: false });

export function encodeState(value: unknown): Uint8Array {
  return statePackr.pack(value);
}

export function decodeState<T>(bytes: Uint8Array): T {
  return statePackr.unpack(bytes) as T;
}

/** A snapshot structure, in a buffer of its own (msgpackr packs into a shared one), so it can be transferred. */
export function encodeFrame(value: unknown): Uint8Array {
  return new Uint8Array(framePackr.pack(value));
}

/** Decodes a snapshot structure; `what` names it (a checkpoint, a subtask) in the error. */
export function decodeFrame<T>(bytes: Uint8Array, what: string): T {
  try {
    return framePackr.unpack(bytes) as T;
  } catch (error) {
    throw new CheckpointError(`${what} cannot be decoded (${(error as Error).message}): it is corrupt.`, {
      cause: error,
    });
  }
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
