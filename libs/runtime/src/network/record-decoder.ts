/*
 * Reads batches in the record format (record-format.ts) back into records. Input comes from another
 * thread or process, so every length, id and tag is checked before it is used: a truncated or
 * damaged batch throws a RuntimeFailure naming the byte offset (the receiver then fails the job
 * over, DESIGN.md §4) instead of yielding wrong records, allocating without bound or recursing
 * without end.
 */
import { RuntimeFailure } from '@weir/common';
import { NO_TIMESTAMP } from '../time-constants';
import {
  FALLBACK_PACKR,
  FLAG_TIMESTAMPS,
  HEADER_BYTES,
  isStackOverflow,
  MAGIC,
  MAX_SHAPE_KEYS,
  Tag,
  VERSION,
} from './record-format';
import { compileRecordBuilder, type RecordBuilder, type ValueReader } from './shape-functions';

export interface DecodedBatch {
  values: unknown[];
  timestamps: ArrayLike<number>;
}

/** An object shape, kept from batch to batch: once in common use, it gets a builder of its own. */
interface Shape {
  readonly keys: string[];
  /** `__proto__` must be defined, not assigned: such shapes always take the loop. */
  readonly hasProtoKey: boolean;
  uses: number;
  build: RecordBuilder | undefined;
}

/** Records of a shape built in a loop before it gets a builder: rare shapes are not worth compiling. */
const BUILD_AFTER = 64;
/** Shapes remembered between batches; past this, the decoder forgets them all and starts over. */
const MAX_KNOWN_SHAPES = 4096;

/** Strings up to this long are cut from a window of the batch's bytes; V8 copies substrings this short. */
const SHORT_STRING = 12;
const CHARS_WINDOW = 4096;
/** Arrays of 0..16 undefineds, copied to make decoded arrays of those lengths. */
const ARRAY_TEMPLATES: unknown[][] = [];
for (let length = 0; length <= 16; length++) ARRAY_TEMPLATES.push(Array.from({ length }, () => undefined));
const TWO_32 = 2 ** 32;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const EMPTY = Buffer.alloc(0) as NodeBuffer;
const EMPTY_VIEW = new DataView(EMPTY.buffer, 0, 0);

/**
 * What Buffer#toString calls, without its argument checks and encoding lookup (a third of the time
 * a short string takes); @types/node leaves them out.
 */
interface NodeBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  ucs2Slice(start: number, end: number): string;
}

export class RecordDecoder implements ValueReader {
  private bytes: NodeBuffer = EMPTY;
  private view: DataView<ArrayBufferLike> = EMPTY_VIEW;
  private pos = 0;
  private end = 0;
  /** This batch's strings by id, and a window of its bytes as a string, to cut short strings from. */
  private readonly strings: string[] = [];
  private chars = '';
  private charsStart = 0;
  private charsEnd = 0;
  /** This batch's shapes, by id. */
  private readonly shapes: Shape[] = [];
  private readonly knownShapes = new Map<string, Shape>();

  decode(input: Uint8Array): DecodedBatch {
    this.bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength) as NodeBuffer;
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    this.pos = 0;
    this.end = input.byteLength;
    this.strings.length = 0;
    this.shapes.length = 0;
    this.chars = '';
    this.charsStart = this.charsEnd = 0;
    let batch: DecodedBatch;
    try {
      batch = this.readBatch(input);
    } catch (error) {
      // Damaged bytes that nest without end land here.
      if (isStackOverflow(error))
        this.fail(this.pos, `values nest deeper than the stack allows (${String(error)})`, error);
      throw error;
    }
    // Let go of this batch's bytes and strings: the records own what they need.
    this.bytes = EMPTY;
    this.view = EMPTY_VIEW;
    this.strings.length = 0;
    this.shapes.length = 0;
    this.chars = '';
    return batch;
  }

  private readBatch(input: Uint8Array): DecodedBatch {
    const bytes = this.bytes;
    if (this.end < HEADER_BYTES)
      this.fail(0, `a ${this.end}-byte batch is shorter than its ${HEADER_BYTES}-byte header`);
    if (bytes[0] !== MAGIC || bytes[1] !== VERSION) {
      this.fail(
        0,
        `the header starts 0x${hex(bytes[0])} 0x${hex(bytes[1])}, not the record format's MAGIC and VERSION`,
      );
    }
    const flags = bytes[2];
    if ((flags & ~FLAG_TIMESTAMPS) !== 0 || bytes[3] !== 0) this.fail(2, `unknown header flags 0x${hex(flags)}`);
    const count = this.view.getUint32(4, true);
    this.pos = HEADER_BYTES;
    const withTimestamps = flags === FLAG_TIMESTAMPS;
    // Every record takes at least a byte (and 8 more with a timestamp): a larger count is a lie.
    if (count > (this.end - HEADER_BYTES) / (withTimestamps ? 9 : 1)) {
      this.fail(4, `the header announces ${count} records, more than the ${this.end}-byte batch can hold`);
    }
    let timestamps: Float64Array;
    if (withTimestamps) {
      timestamps = this.readTimestamps(input, count);
    } else {
      timestamps = new Float64Array(count).fill(NO_TIMESTAMP);
    }
    const values: unknown[] = [];
    for (let i = 0; i < count; i++) values.push(this.readValue());
    if (this.pos !== this.end) {
      this.fail(this.pos, `${this.end - this.pos} bytes follow the last of the batch's ${count} records`);
    }
    return { values, timestamps };
  }

  /** In place when they are aligned (they are, in a batch received whole): no copy. */
  private readTimestamps(input: Uint8Array, count: number): Float64Array {
    const at = input.byteOffset + HEADER_BYTES;
    this.pos += count * 8;
    if (LITTLE_ENDIAN && at % 8 === 0) return new Float64Array(input.buffer, at, count);
    const timestamps = new Float64Array(count);
    for (let i = 0; i < count; i++) timestamps[i] = this.view.getFloat64(HEADER_BYTES + i * 8, true);
    return timestamps;
  }

  /**
   * The next value (public for the record builders, which call it for each field). Kept small, the
   * rarer values in readOtherValue, so that V8 inlines what it calls: in a thread that has met many
   * kinds of values, a large function stops being inlined into and costs a call per helper.
   */
  readValue(): unknown {
    const pos = this.pos;
    if (pos >= this.end) this.truncated('a value');
    const tag = this.bytes[pos];
    this.pos = pos + 1;
    if (tag <= Tag.FIXINT_MAX) return tag;
    if (tag < Tag.REF_SHORT) return this.readObject(this.shapeAt(tag - Tag.OBJECT_SHORT, pos));
    if (tag < Tag.UNDEFINED) return this.stringAt(tag - Tag.REF_SHORT, pos);
    switch (tag) {
      case Tag.INT16:
        if (pos + 3 > this.end) this.truncated('an int16');
        this.pos = pos + 3;
        return this.view.getInt16(pos + 1, true);
      case Tag.INT32:
        if (pos + 5 > this.end) this.truncated('an int32');
        this.pos = pos + 5;
        return this.view.getInt32(pos + 1, true);
      case Tag.INT48: {
        if (pos + 7 > this.end) this.truncated('an int48');
        this.pos = pos + 7;
        return this.view.getInt16(pos + 5, true) * TWO_32 + this.view.getUint32(pos + 1, true);
      }
      case Tag.FLOAT64:
        if (pos + 9 > this.end) this.truncated('a float64');
        this.pos = pos + 9;
        return this.view.getFloat64(pos + 1, true);
      case Tag.REF:
        return this.stringAt(this.readVarint(), pos);
      case Tag.STRING:
        return this.readAscii();
      case Tag.OBJECT:
        return this.readObject(this.shapeAt(this.readVarint(), pos));
      case Tag.SHAPE_DEF:
        return this.readObject(this.readShape(pos));
      case Tag.ARRAY:
        return this.readArray();
      default:
        return this.readOtherValue(tag, pos);
    }
  }

  private readOtherValue(tag: number, at: number): unknown {
    switch (tag) {
      case Tag.UNDEFINED:
        return undefined;
      case Tag.NULL:
        return null;
      case Tag.FALSE:
        return false;
      case Tag.TRUE:
        return true;
      case Tag.INT8:
        this.need(1, 'an int8');
        return (this.bytes[this.pos++] << 24) >> 24;
      case Tag.STRING16:
        return this.readUtf16();
      case Tag.DYNAMIC_OBJECT:
        return this.readDynamicObject();
      case Tag.MAP:
        return this.readMap();
      case Tag.SET:
        return this.readSet();
      case Tag.DATE: {
        this.need(8, 'a Date');
        const time = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return new Date(time);
      }
      case Tag.BIGINT:
        return this.readBigInt(at);
      case Tag.MSGPACK:
        return this.readFallback(at);
      default:
        return this.fail(at, `unknown tag 0x${hex(tag)}`);
    }
  }

  private readObject(shape: Shape): Record<string, unknown> {
    return shape.build !== undefined ? shape.build(this) : this.buildInLoop(shape);
  }

  /** Records of shapes not (yet) in common use: the same keys in the same order, one hidden class. */
  private buildInLoop(shape: Shape): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    const keys = shape.keys;
    for (let i = 0; i < keys.length; i++) defineOwn(record, keys[i], this.readValue());
    if (++shape.uses === BUILD_AFTER && !shape.hasProtoKey) shape.build = compileRecordBuilder(keys);
    return record;
  }

  /** A shape defined in this batch: known from earlier batches (with its builder), or new. */
  private readShape(at: number): Shape {
    const keyCount = this.readCount('a shape');
    if (keyCount > MAX_SHAPE_KEYS)
      this.fail(at, `a shape of ${keyCount} keys, more than the ${MAX_SHAPE_KEYS} allowed`);
    const keys = new Array<string>(keyCount);
    for (let i = 0; i < keyCount; i++) keys[i] = this.readString();
    const signature = shapeSignature(keys);
    let shape = this.knownShapes.get(signature);
    if (shape === undefined) {
      if (new Set(keys).size !== keyCount) this.fail(at, `a shape repeats a key: ${keys.join(', ')}`);
      // Keys that are data (a new shape per record) would otherwise fill this without end.
      if (this.knownShapes.size === MAX_KNOWN_SHAPES) this.knownShapes.clear();
      shape = { keys: keys.map(internalize), hasProtoKey: keys.includes('__proto__'), uses: 0, build: undefined };
      this.knownShapes.set(signature, shape);
    }
    this.shapes.push(shape);
    return shape;
  }

  private shapeAt(id: number, at: number): Shape {
    if (id >= this.shapes.length) this.fail(at, `shape ${id} is used before it is defined`);
    return this.shapes[id];
  }

  private readDynamicObject(): Record<string, unknown> {
    const keyCount = this.readCount('an object');
    const record: Record<string, unknown> = {};
    for (let i = 0; i < keyCount; i++) defineOwn(record, this.readString(), this.readValue());
    return record;
  }

  private readArray(): unknown[] {
    const length = this.readCount('an array');
    // A copy of an array of `undefined`s has room for exactly its elements (a pushed-to array grows
    // by 17), and takes any value without changing its elements kind: `new Array(n)` starts out
    // for small integers and is converted when it gets anything else, which costs more than
    // filling a small array.
    const array = length < ARRAY_TEMPLATES.length ? ARRAY_TEMPLATES[length].slice() : new Array<unknown>(length);
    for (let i = 0; i < length; i++) array[i] = this.readValue();
    return array;
  }

  private readMap(): Map<unknown, unknown> {
    const size = this.readCount('a Map');
    const map = new Map<unknown, unknown>();
    for (let i = 0; i < size; i++) {
      const key = this.readValue();
      map.set(key, this.readValue());
    }
    return map;
  }

  private readSet(): Set<unknown> {
    const size = this.readCount('a Set');
    const set = new Set<unknown>();
    for (let i = 0; i < size; i++) set.add(this.readValue());
    return set;
  }

  /** A STRING, which gets the next string id. */
  private readAscii(): string {
    const length = this.readLength('a string');
    const start = this.pos;
    const end = start + length;
    this.pos = end;
    let value: string;
    if (length > SHORT_STRING) {
      // A substring of 13 chars or more would be a view, keeping all the batch's bytes alive.
      value = this.bytes.latin1Slice(start, end);
    } else {
      // One call for the next few KiB of bytes, then a copy per string: a call per string costs
      // ~60 ns. (All the batch at once would be a large object, dearer to allocate and collect.)
      if (end > this.charsEnd || start < this.charsStart) {
        this.charsStart = start;
        this.charsEnd = Math.min(this.end, start + CHARS_WINDOW);
        this.chars = this.bytes.latin1Slice(start, this.charsEnd);
      }
      value = this.chars.substring(start - this.charsStart, end - this.charsStart);
    }
    this.strings.push(value);
    return value;
  }

  private readUtf16(): string {
    const length = this.readCount('a string');
    const start = this.pos;
    this.need(length * 2, `a string of ${length} UTF-16 chars`);
    this.pos += length * 2;
    const value = this.bytes.ucs2Slice(start, this.pos);
    this.strings.push(value);
    return value;
  }

  /** A tagged string, where only a string may be (object keys). */
  private readString(): string {
    if (this.pos >= this.end) this.truncated('a string');
    const at = this.pos;
    const tag = this.bytes[this.pos++];
    if (tag >= Tag.REF_SHORT && tag < Tag.UNDEFINED) return this.stringAt(tag - Tag.REF_SHORT, at);
    if (tag === Tag.REF) return this.stringAt(this.readVarint(), at);
    if (tag === Tag.STRING) return this.readAscii();
    if (tag === Tag.STRING16) return this.readUtf16();
    return this.fail(at, `an object key is not a string (tag 0x${hex(tag)})`);
  }

  private stringAt(id: number, at: number): string {
    if (id >= this.strings.length) this.fail(at, `string ${id} is used before it is defined`);
    return this.strings[id];
  }

  private readBigInt(at: number): bigint {
    const length = this.readLength('a bigint');
    const digits = this.bytes.latin1Slice(this.pos, this.pos + length);
    this.pos += length;
    if (!/^-?\d+$/.test(digits)) this.fail(at, `a bigint of digits '${digits.slice(0, 40)}'`);
    return BigInt(digits);
  }

  private readFallback(at: number): unknown {
    const length = this.readLength('a msgpack value');
    const start = this.pos;
    this.pos += length;
    try {
      return FALLBACK_PACKR.unpack(this.bytes.subarray(start, start + length));
    } catch (error) {
      return this.fail(at, `a msgpack value that does not decode (${String(error)})`, error);
    }
  }

  /** A byte length, checked against what is left. */
  private readLength(what: string): number {
    const length = this.readVarint();
    if (length > this.end - this.pos) this.truncated(`${what} of ${length} bytes`);
    return length;
  }

  /** An element count: every element takes at least a byte, so it cannot exceed what is left. */
  private readCount(what: string): number {
    const at = this.pos;
    const count = this.readVarint();
    if (count > this.end - this.pos) this.fail(at, `${what} of ${count} elements, more than the batch holds`);
    return count;
  }

  private readVarint(): number {
    const bytes = this.bytes;
    const pos = this.pos;
    // One and two bytes (below 16384) are most ids and lengths: no loop.
    if (pos + 1 < this.end) {
      const first = bytes[pos];
      if (first < 0x80) {
        this.pos = pos + 1;
        return first;
      }
      const second = bytes[pos + 1];
      if (second < 0x80) {
        this.pos = pos + 2;
        return (first & 0x7f) | (second << 7);
      }
    }
    return this.readLongVarint();
  }

  private readLongVarint(): number {
    const bytes = this.bytes;
    const at = this.pos;
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (this.pos >= this.end) this.truncated('a varint');
      const byte = bytes[this.pos++];
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
    // The fifth byte holds the top 4 bits, beyond what a small integer shift can carry.
    if (this.pos >= this.end) this.truncated('a varint');
    const last = bytes[this.pos++];
    if (last > 0x0f) this.fail(at, 'a varint longer than 32 bits');
    return result + last * 2 ** 28;
  }

  private need(bytes: number, what: string): void {
    if (this.pos + bytes > this.end) this.truncated(what);
  }

  private truncated(what: string): never {
    return this.fail(this.pos, `the batch ends (at ${this.end} bytes) inside ${what}; it was cut short`);
  }

  private fail(at: number, what: string, cause?: unknown): never {
    throw new RuntimeFailure(
      `Corrupt record batch at byte ${at}: ${what}. The batch was damaged on its way or written by an ` +
        'incompatible Weir version; the job fails over to its last checkpoint.',
      { cause },
    );
  }
}

/** Sets a key as an own data property, even `__proto__`, which an assignment would take as the prototype. */
function defineOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    record[key] = value;
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** The keys, unambiguously in one string: each with its length. */
function shapeSignature(keys: string[]): string {
  let signature = '';
  for (let i = 0; i < keys.length; i++) signature += `${keys[i].length}:${keys[i]}`;
  return signature;
}

/**
 * The key as V8's own internalized string, which is what property stores compare against: a key
 * freshly decoded from bytes would be looked up in the string table at every store.
 */
function internalize(key: string): string {
  const o: Record<string, number> = {};
  defineOwn(o, key, 0);
  return Object.keys(o)[0];
}
