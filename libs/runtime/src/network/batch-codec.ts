import { NO_TIMESTAMP } from '../time-constants';
import { Packr } from 'msgpackr';

/**
 * Encodes a batch of records for another thread or process: msgpack with record structures (one
 * definition per object shape per batch, then only values). Timestamps go as raw float64 bytes, or
 * not at all when no record has one. Records must be plain data — objects, arrays, strings,
 * numbers, bigints, Maps, Sets, Dates.
 */
const packr = new Packr({ useRecords: true, moreTypes: true, variableMapSize: true });

export function encodeBatch(values: unknown[], timestamps: number[]): Uint8Array {
  const packed = packr.pack([
    values,
    hasTimestamps(timestamps) ? new Uint8Array(Float64Array.from(timestamps).buffer) : null,
  ]);
  // pack() returns a view into a reused buffer; copy it out so it can be transferred.
  return new Uint8Array(packed);
}

export function decodeBatch(bytes: Uint8Array): { values: unknown[]; timestamps: ArrayLike<number> } {
  const [values, raw] = packr.unpack(bytes) as [unknown[], Uint8Array | null];
  if (raw === null) return { values, timestamps: new Float64Array(values.length).fill(NO_TIMESTAMP) };
  // Copy into a fresh buffer: the decoded bytes need not be 8-byte aligned.
  return { values, timestamps: new Float64Array(Uint8Array.from(raw).buffer) };
}

function hasTimestamps(timestamps: number[]): boolean {
  for (let i = 0; i < timestamps.length; i++) if (timestamps[i] !== NO_TIMESTAMP) return true;
  return false;
}
