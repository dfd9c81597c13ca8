/*
 * Encodes a batch of records for another thread or process, in the record format (record-format.ts):
 * object shapes and repeated strings written once per batch, then only values; timestamps as raw
 * float64s, or not at all when no record has one. Records must be plain data — objects, arrays,
 * strings, numbers, booleans, bigints, Maps, Sets, Dates (typed arrays, Errors and RegExps go too,
 * through msgpack); class instances arrive as plain objects, as structured clone would make them.
 */
import { RecordDecoder } from './record-decoder';
import { RecordEncoder } from './record-encoder';

// One of each per thread: they keep their buffers and shapes from batch to batch.
const encoder = new RecordEncoder();
const decoder = new RecordDecoder();

/** The batch as bytes in a fresh ArrayBuffer of exactly their length, ready to be transferred. */
export function encodeBatch(values: unknown[], timestamps: number[]): Uint8Array {
  return encoder.encode(values, timestamps);
}

/**
 * The records of a batch, or a RuntimeFailure if the bytes are not a whole batch. The timestamps may
 * be a view of `bytes`, which the caller must then leave as it is.
 */
export function decodeBatch(bytes: Uint8Array): { values: unknown[]; timestamps: ArrayLike<number> } {
  return decoder.decode(bytes);
}
