/*
 * The wire format of a batch of records crossing threads or processes (written by RecordEncoder, read
 * by RecordDecoder, used through batch-codec.ts). It is built for what streams carry: many records
 * of few shapes, with strings that repeat. Little-endian throughout.
 *
 *   header      8 bytes: MAGIC, VERSION, flags (FLAG_TIMESTAMPS), 0, record count (uint32)
 *   timestamps  with FLAG_TIMESTAMPS, one float64 per record, 8-byte aligned so that a receiver can
 *               read them in place; without it, no record has a timestamp (NO_TIMESTAMP)
 *   values      one tagged value per record, then nothing
 *
 * A tagged value is a Tag byte and what the tag says follows. Each batch carries what it needs to
 * be decoded on its own (by any receiver, in any order, after a failover):
 *   - strings: a string is STRING (ASCII) or STRING16 (UTF-16, for any other char) and gets the
 *     batch's next string id; where it occurs again, the encoder may refer to it, REF_SHORT + id
 *     or REF + varint id, which decodes to the same string object.
 *   - objects: an object is its shape (its own enumerable keys, in order) and its values. The first
 *     object of a shape in a batch is SHAPE_DEF: key count, keys (tagged strings), values; the
 *     shape gets the batch's next shape id, and later objects of that shape are OBJECT_SHORT + id
 *     or OBJECT + varint id, then their values.
 * Counts, lengths and ids are unsigned LEB128 varints (at most 5 bytes, < 2^32).
 *
 * Values the format does not know (typed arrays, ArrayBuffers, DataViews, Errors, RegExps) are
 * MSGPACK: varint length, then msgpack from FALLBACK_PACKR, which round-trips them as the whole
 * batch did before this format existed.
 */
import { Packr } from 'msgpackr';

export const MAGIC = 0x57; // 'W'
export const VERSION = 1;
export const HEADER_BYTES = 8;
export const FLAG_TIMESTAMPS = 1;

export const enum Tag {
  /** 0x00-0x7f: the integer itself. */
  FIXINT_MAX = 0x7f,
  /** 0x80-0xbf: an object of shape (tag - OBJECT_SHORT), then its values. */
  OBJECT_SHORT = 0x80,
  /** 0xc0-0xdf: the string with id (tag - REF_SHORT). */
  REF_SHORT = 0xc0,
  UNDEFINED = 0xe0,
  NULL = 0xe1,
  FALSE = 0xe2,
  TRUE = 0xe3,
  INT8 = 0xe4,
  INT16 = 0xe5,
  INT32 = 0xe6,
  /** An integer in 48 bits (two's complement, 6 bytes): millisecond timestamps, ids beyond int32. */
  INT48 = 0xe7,
  FLOAT64 = 0xe8,
  /** varint string id. */
  REF = 0xe9,
  /** varint length, then as many chars, each below 0x80; the string gets the next string id. */
  STRING = 0xea,
  /** varint length in chars, then two bytes a char (UTF-16LE); the string gets the next string id. */
  STRING16 = 0xeb,
  /** varint shape id, then the values. */
  OBJECT = 0xec,
  /** varint key count, the keys (tagged strings), then the values; defines the next shape id. */
  SHAPE_DEF = 0xed,
  /** varint key count, then key (tagged string) and value pairs: objects too large to be shapes. */
  DYNAMIC_OBJECT = 0xee,
  /** varint length, then the elements. */
  ARRAY = 0xef,
  /** varint size, then key and value pairs. */
  MAP = 0xf0,
  /** varint size, then the elements. */
  SET = 0xf1,
  /** float64 milliseconds since the epoch (NaN for an invalid Date). */
  DATE = 0xf2,
  /** varint length, then the decimal digits in ASCII, '-' first when negative. */
  BIGINT = 0xf3,
  /** varint length, then a value in msgpack (FALLBACK_PACKR). */
  MSGPACK = 0xf4,
}

/** Shape and string ids small enough to live in the tag byte. */
export const SHORT_SHAPE_IDS = Tag.REF_SHORT - Tag.OBJECT_SHORT;
export const SHORT_STRING_IDS = Tag.UNDEFINED - Tag.REF_SHORT;

/** Objects with more keys are maps in disguise (keys are data): written as DYNAMIC_OBJECT. */
export const MAX_SHAPE_KEYS = 64;

/**
 * Encoder and decoder bound nesting by the stack instead of counting levels, which would cost ~5% of
 * the time small nested records take: this tells the RangeError of an overflowing stack. By name,
 * since it comes from the realm of whatever code ran out of stack (Buffer's, say).
 */
export function isStackOverflow(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'RangeError';
}

/** Values outside the format, one msgpack message each (no record structures shared between them). */
export const FALLBACK_PACKR = new Packr({ useRecords: false, moreTypes: true });
