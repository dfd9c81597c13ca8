/*
 * Writes batches of records in the record format (record-format.ts). One encoder per thread, reused
 * for every batch: it keeps one growing output buffer and a tree of the object shapes it has met, so
 * that telling a record's shape costs a pointer comparison per key and no allocation.
 */
import { RecordError } from '@weir/common';
import { NO_TIMESTAMP } from '../time-constants';
import {
  FALLBACK_PACKR,
  FLAG_TIMESTAMPS,
  HEADER_BYTES,
  isStackOverflow,
  MAGIC,
  MAX_SHAPE_KEYS,
  SHORT_SHAPE_IDS,
  SHORT_STRING_IDS,
  Tag,
  VERSION,
} from './record-format';
import { compileFieldWriter, type FieldWriter, type ValueWriter } from './shape-functions';

const INITIAL_CAPACITY = 64 * 1024;
/** A buffer grown past this for an outsized batch is dropped afterwards rather than kept forever. */
const MAX_RETAINED_CAPACITY = 4 * 1024 * 1024;
/** Shape tree nodes kept between batches; past this (keys that are data), the tree starts over. */
const MAX_SHAPE_NODES = 16 * 1024;
/** Strings up to this long are copied char by char; longer ones by utf8Write, which costs a call. */
const SHORT_STRING = 24;
/** 2^12 slots in the string cache, indexed by the top 12 bits of a 32-bit hash. */
const STRING_CACHE_SHIFT = 20;
const STRING_CACHE_SLOTS = 2 ** (32 - STRING_CACHE_SHIFT);
/** Records of a shape written with for-in before the shape gets a field writer. */
const COMPILE_AFTER = 64;
const INT48_LIMIT = 2 ** 47;
const TWO_32 = 2 ** 32;

/**
 * What Buffer#write calls, without its argument checks and encoding lookup (a fifth of the time a
 * 90-char string takes); @types/node leaves them out. Both return the bytes written.
 */
interface NodeBuffer extends Buffer {
  utf8Write(value: string, offset: number, maxBytes: number): number;
  ucs2Write(value: string, offset: number, maxBytes: number): number;
}

/**
 * A node of the shape tree: the path from the root spells an object's keys in order. The child last
 * stepped to is compared first, without a lookup: most nodes have one child, and a stream mostly
 * repeats its shapes. The one stepped to before it is compared next: a record with an object in a
 * field (a window partial and its accumulator) steps from the root to two children in turn.
 */
class ShapeNode {
  lastKey: string | undefined = undefined;
  lastChild: ShapeNode | undefined = undefined;
  previousKey: string | undefined = undefined;
  previousChild: ShapeNode | undefined = undefined;
  /** All children, once there are two. */
  children: Map<string, ShapeNode> | undefined = undefined;
  /** The batch in which this shape was last defined on the wire, and its id there. */
  batch = -1;
  id = 0;
  /** Records of this shape written so far, and once they are many, a writer of its own. */
  uses = 0;
  writeFields: FieldWriter | undefined = undefined;

  constructor(
    readonly parent: ShapeNode | undefined,
    readonly key: string,
    readonly keyCount: number,
  ) {}
}

export class RecordEncoder implements ValueWriter {
  private buf = Buffer.allocUnsafeSlow(INITIAL_CAPACITY) as NodeBuffer;
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  private pos = 0;
  private batch = 0;
  private nextShapeId = 0;
  private root = new ShapeNode(undefined, '', 0);
  private shapeNodes = 0;
  private nextStringId = 0;
  /**
   * Finds strings this batch has already sent: a slot per hash of the length and three chars,
   * holding the last string seen there, the batch it is from and its id. A Map would find every
   * repeat, but costs ~40 ns a lookup, more than most strings cost to send; a slot costs a few ns,
   * and a string that lost its slot is just sent again.
   */
  private readonly cachedStrings = new Array<string>(STRING_CACHE_SLOTS).fill('');
  private readonly cachedStringBatches = new Int32Array(STRING_CACHE_SLOTS).fill(-1);
  private readonly cachedStringIds = new Int32Array(STRING_CACHE_SLOTS);

  encode(values: unknown[], timestamps: number[]): Uint8Array {
    const count = values.length;
    this.startBatch();
    const withTimestamps = hasTimestamps(timestamps, count);
    this.ensure(HEADER_BYTES + (withTimestamps ? count * 8 : 0));
    const header = this.buf;
    header[0] = MAGIC;
    header[1] = VERSION;
    header[2] = withTimestamps ? FLAG_TIMESTAMPS : 0;
    header[3] = 0;
    this.view.setUint32(4, count, true);
    this.pos = HEADER_BYTES;
    if (withTimestamps) {
      for (let i = 0; i < count; i++) this.view.setFloat64(HEADER_BYTES + i * 8, timestamps[i], true);
      this.pos += count * 8;
    }
    try {
      for (let i = 0; i < count; i++) this.writeValue(values[i]);
    } catch (error) {
      if (isStackOverflow(error)) this.tooDeep(error);
      throw error;
    }
    // A copy in a fresh ArrayBuffer of its own (buf was allocated unpooled, at offset 0).
    const out = new Uint8Array(this.buf.buffer.slice(0, this.pos));
    if (this.buf.length > MAX_RETAINED_CAPACITY) this.allocate(INITIAL_CAPACITY);
    return out;
  }

  private startBatch(): void {
    this.nextShapeId = 0;
    this.nextStringId = 0;
    // Batch numbers stamp what a batch has defined; before they could repeat, everything forgets.
    if (++this.batch === 0x7fffffff) {
      this.batch = 0;
      this.cachedStringBatches.fill(-1);
      this.shapeNodes = MAX_SHAPE_NODES + 1;
    }
    if (this.shapeNodes > MAX_SHAPE_NODES) {
      this.root = new ShapeNode(undefined, '', 0);
      this.shapeNodes = 0;
    }
  }

  /**
   * Public for the field writers, which call it for each field. Kept small, the rarer values in
   * writeOtherValue, so that V8 inlines what it calls: in a thread that has met many kinds of
   * values, a large function stops being inlined into and costs a call per helper.
   */
  writeValue(value: unknown): void {
    if (typeof value === 'number') {
      this.writeNumber(value);
    } else if (typeof value === 'string') {
      this.writeString(value);
    } else if (
      typeof value === 'object' &&
      value !== null &&
      // Object.getPrototypeOf is a builtin call (~15 ns where a thread meets many shapes), __proto__ a load.
      (value as { __proto__: unknown }).__proto__ === Object.prototype
    ) {
      this.writePlainObject(value as Record<string, unknown>);
    } else {
      this.writeOtherValue(value);
    }
  }

  private writeOtherValue(value: unknown): void {
    switch (typeof value) {
      case 'object':
        if (value === null) this.writeTag(Tag.NULL);
        else this.writeOtherObject(value);
        return;
      case 'boolean':
        this.writeTag(value ? Tag.TRUE : Tag.FALSE);
        return;
      case 'undefined':
      // Functions are dropped as structured clone would refuse them and msgpack writes nothing.
      case 'function':
        this.writeTag(Tag.UNDEFINED);
        return;
      case 'bigint':
        this.writeBigInt(value);
        return;
      case 'symbol':
        throw new RecordError(
          `A record holds a symbol (${String(value)}), which cannot be sent to another thread or process; ` +
            'records crossing subtasks must be plain data: send its description instead.',
        );
    }
  }

  private writeNumber(value: number): void {
    this.ensure(9);
    const buf = this.buf;
    let pos = this.pos;
    // -0 passes `(value | 0) === value`, and must stay a float64 to come back as -0.
    if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
      if (value >= 0 && value <= Tag.FIXINT_MAX) {
        buf[pos++] = value;
      } else if (value >= -0x80 && value < 0x80) {
        buf[pos++] = Tag.INT8;
        buf[pos++] = value;
      } else if (value >= -0x8000 && value < 0x8000) {
        buf[pos++] = Tag.INT16;
        buf[pos++] = value;
        buf[pos++] = value >> 8;
      } else {
        buf[pos++] = Tag.INT32;
        buf[pos++] = value;
        buf[pos++] = value >> 8;
        buf[pos++] = value >> 16;
        buf[pos++] = value >> 24;
      }
    } else if (value >= -INT48_LIMIT && value < INT48_LIMIT && Math.floor(value) === value && value !== 0) {
      // ToUint32 is the value modulo 2^32, also for negative values: the low half in two's complement.
      const low = value >>> 0;
      const high = (value - low) / TWO_32;
      buf[pos++] = Tag.INT48;
      buf[pos++] = low;
      buf[pos++] = low >>> 8;
      buf[pos++] = low >>> 16;
      buf[pos++] = low >>> 24;
      buf[pos++] = high;
      buf[pos++] = high >>> 8;
    } else {
      buf[pos++] = Tag.FLOAT64;
      this.view.setFloat64(pos, value, true);
      pos += 8;
    }
    this.pos = pos;
  }

  private writeString(value: string): void {
    const length = value.length;
    const slot =
      (Math.imul(length, 0x9e3779b1) ^
        Math.imul(value.charCodeAt(0), 0x85ebca6b) ^
        Math.imul(value.charCodeAt((length * 5) >> 3), 0xc2b2ae35) ^
        Math.imul(value.charCodeAt(length - 1), 0x27d4eb2f)) >>>
      STRING_CACHE_SHIFT;
    if (this.cachedStringBatches[slot] === this.batch && this.cachedStrings[slot] === value) {
      const id = this.cachedStringIds[slot];
      this.ensure(6);
      if (id < SHORT_STRING_IDS) {
        this.buf[this.pos++] = Tag.REF_SHORT + id;
      } else {
        this.buf[this.pos++] = Tag.REF;
        this.writeVarint(id);
      }
      return;
    }
    this.cachedStrings[slot] = value;
    this.cachedStringBatches[slot] = this.batch;
    this.cachedStringIds[slot] = this.nextStringId++;
    this.writeStringChars(value, length);
  }

  /** STRING if every char is ASCII (found out while copying), else STRING16. */
  private writeStringChars(value: string, length: number): void {
    // Room for UTF-8 (at most 3 bytes a char), which utf8Write tells ASCII by.
    this.ensure(6 + length * 3);
    const buf = this.buf;
    const tagAt = this.pos;
    buf[tagAt] = Tag.STRING;
    this.pos++;
    this.writeVarint(length);
    const start = this.pos;
    let ascii: boolean;
    if (length <= SHORT_STRING) {
      // A call to utf8Write costs more than copying this many chars.
      let i = 0;
      for (; i < length; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      ascii = i === length;
    } else {
      ascii = buf.utf8Write(value, start, buf.length - start) === length;
    }
    if (ascii) {
      this.pos = start + length;
    } else {
      buf[tagAt] = Tag.STRING16;
      this.pos = start + buf.ucs2Write(value, start, buf.length - start);
    }
  }

  /** Objects other than plain ones (and null): arrays, Dates, Maps, Sets, class instances and more. */
  private writeOtherObject(value: object): void {
    if (Array.isArray(value)) this.writeArray(value);
    else if (value instanceof Date) this.writeDate(value);
    else if (value instanceof Map) this.writeMap(value);
    else if (value instanceof Set) this.writeSet(value);
    else if (
      ArrayBuffer.isView(value) ||
      value instanceof ArrayBuffer ||
      value instanceof Error ||
      value instanceof RegExp
    )
      this.writeFallback(value);
    else this.writeInstance(value);
  }

  /**
   * Objects made by literals. for-in walks V8's enumeration cache: one pass finds the shape; then
   * the shape's field writer, or (for a shape not yet in common use) a second for-in, where reading
   * `value[key]` loads the field by index, writes the values.
   */
  private writePlainObject(value: Record<string, unknown>): void {
    let node = this.root;
    let keyCount = 0;
    for (const key in value) {
      if (keyCount === MAX_SHAPE_KEYS) {
        this.writeDynamicObject(value, Object.keys(value));
        return;
      }
      node = node.lastKey === key ? node.lastChild! : this.childOf(node, key);
      keyCount++;
    }
    this.writeShape(node);
    if (node.writeFields !== undefined) {
      node.writeFields(this, value);
      return;
    }
    let written = 0;
    for (const key in value) {
      if (written === keyCount) break;
      this.writeValue(value[key]);
      written++;
    }
    if (written !== keyCount) this.changedWhileEncoding();
    this.countUse(node);
  }

  /**
   * Class instances and objects without a prototype go as plain objects of their own enumerable
   * properties (what structured clone and msgpack make of them), or as what their toJSON returns.
   */
  private writeInstance(value: object): void {
    const record = value as Record<string, unknown>;
    if (typeof record.toJSON === 'function') {
      this.writeValue((record.toJSON as () => unknown)());
      return;
    }
    const keys = Object.keys(record);
    const keyCount = keys.length;
    if (keyCount > MAX_SHAPE_KEYS) {
      this.writeDynamicObject(record, keys);
      return;
    }
    let node = this.root;
    for (let i = 0; i < keyCount; i++) {
      const key = keys[i];
      node = node.lastKey === key ? node.lastChild! : this.childOf(node, key);
    }
    this.writeShape(node);
    if (node.writeFields !== undefined) {
      node.writeFields(this, record);
      return;
    }
    for (let i = 0; i < keyCount; i++) this.writeValue(record[keys[i]]);
    this.countUse(node);
  }

  /** Shapes in common use get a field writer: rare ones are not worth compiling. */
  private countUse(node: ShapeNode): void {
    if (++node.uses === COMPILE_AFTER) node.writeFields = compileFieldWriter(keysOf(node));
  }

  private childOf(node: ShapeNode, key: string): ShapeNode {
    let child: ShapeNode | undefined;
    if (node.previousKey === key) {
      child = node.previousChild!;
    } else if (node.lastKey === undefined) {
      child = this.newShapeNode(node, key);
    } else {
      if (node.children === undefined) node.children = new Map([[node.lastKey, node.lastChild!]]);
      child = node.children.get(key);
      if (child === undefined) node.children.set(key, (child = this.newShapeNode(node, key)));
    }
    node.previousKey = node.lastKey;
    node.previousChild = node.lastChild;
    node.lastKey = key;
    node.lastChild = child;
    return child;
  }

  private newShapeNode(parent: ShapeNode, key: string): ShapeNode {
    this.shapeNodes++;
    return new ShapeNode(parent, key, parent.keyCount + 1);
  }

  /** The object's shape id, after the shape's definition if this is its first use in the batch. */
  private writeShape(node: ShapeNode): void {
    if (node.batch === this.batch) {
      const id = node.id;
      this.ensure(6);
      if (id < SHORT_SHAPE_IDS) {
        this.buf[this.pos++] = Tag.OBJECT_SHORT + id;
      } else {
        this.buf[this.pos++] = Tag.OBJECT;
        this.writeVarint(id);
      }
      return;
    }
    node.batch = this.batch;
    node.id = this.nextShapeId++;
    const keys = keysOf(node);
    this.ensure(6);
    this.buf[this.pos++] = Tag.SHAPE_DEF;
    this.writeVarint(keys.length);
    for (let i = 0; i < keys.length; i++) this.writeString(keys[i]);
  }

  private writeDynamicObject(value: Record<string, unknown>, keys: string[]): void {
    this.ensure(6);
    this.buf[this.pos++] = Tag.DYNAMIC_OBJECT;
    this.writeVarint(keys.length);
    for (let i = 0; i < keys.length; i++) {
      this.writeString(keys[i]);
      this.writeValue(value[keys[i]]);
    }
  }

  private writeArray(value: unknown[]): void {
    const length = value.length;
    this.ensure(6);
    this.buf[this.pos++] = Tag.ARRAY;
    this.writeVarint(length);
    for (let i = 0; i < length; i++) this.writeValue(value[i]);
    if (value.length !== length) this.changedWhileEncoding();
  }

  private writeMap(value: Map<unknown, unknown>): void {
    const size = value.size;
    this.ensure(6);
    this.buf[this.pos++] = Tag.MAP;
    this.writeVarint(size);
    let written = 0;
    for (const [key, entry] of value) {
      if (written === size) break;
      this.writeValue(key);
      this.writeValue(entry);
      written++;
    }
    if (written !== size) this.changedWhileEncoding();
  }

  private writeSet(value: Set<unknown>): void {
    const size = value.size;
    this.ensure(6);
    this.buf[this.pos++] = Tag.SET;
    this.writeVarint(size);
    let written = 0;
    for (const element of value) {
      if (written === size) break;
      this.writeValue(element);
      written++;
    }
    if (written !== size) this.changedWhileEncoding();
  }

  private writeDate(value: Date): void {
    this.ensure(9);
    this.buf[this.pos++] = Tag.DATE;
    this.view.setFloat64(this.pos, value.getTime(), true);
    this.pos += 8;
  }

  private writeBigInt(value: bigint): void {
    const digits = value.toString();
    this.ensure(6 + digits.length);
    this.buf[this.pos++] = Tag.BIGINT;
    this.writeVarint(digits.length);
    this.pos += this.buf.write(digits, this.pos, 'latin1');
  }

  private writeFallback(value: object): void {
    const packed = FALLBACK_PACKR.pack(value);
    this.ensure(6 + packed.length);
    this.buf[this.pos++] = Tag.MSGPACK;
    this.writeVarint(packed.length);
    this.buf.set(packed, this.pos);
    this.pos += packed.length;
  }

  private writeTag(tag: Tag): void {
    this.ensure(1);
    this.buf[this.pos++] = tag;
  }

  /** Callers ensure room for 5 bytes. */
  private writeVarint(value: number): void {
    const buf = this.buf;
    while (value >= 0x80) {
      buf[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[this.pos++] = value;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes > this.buf.length) this.grow(this.pos + bytes);
  }

  private grow(needed: number): void {
    const old = this.buf;
    this.allocate(Math.max(needed, old.length * 2));
    old.copy(this.buf, 0, 0, this.pos);
  }

  private allocate(capacity: number): void {
    this.buf = Buffer.allocUnsafeSlow(capacity) as NodeBuffer;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  private tooDeep(cause: unknown): never {
    throw new RecordError(
      `A record nests too deeply to encode (or refers to itself): ${String(cause)}. It cannot be sent to ` +
        'another thread or process; records crossing subtasks must be acyclic plain data.',
      { cause },
    );
  }

  private changedWhileEncoding(): never {
    throw new RecordError(
      'A record changed while it was being encoded for another thread or process (a getter with side effects?); ' +
        'records crossing subtasks must be plain data.',
    );
  }
}

/** The keys on the path from the root to the node. */
function keysOf(node: ShapeNode): string[] {
  const keys = new Array<string>(node.keyCount);
  for (let n: ShapeNode = node; n.parent !== undefined; n = n.parent) keys[n.keyCount - 1] = n.key;
  return keys;
}

function hasTimestamps(timestamps: number[], count: number): boolean {
  for (let i = 0; i < count; i++) if (timestamps[i] !== NO_TIMESTAMP) return true;
  return false;
}
