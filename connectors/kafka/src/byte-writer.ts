/** Strings of up to this many UTF-16 units, and bytes up to this many, are copied by hand. */
const HAND_COPY_MAX = 64;

/**
 * A growing buffer for Kafka's wire formats: big-endian integers, and the zig-zag varints of the
 * v2 record format. Writes go straight into the bytes, with no object per value.
 */
export class ByteWriter {
  buffer: Buffer;
  length = 0;

  constructor(initialSize: number) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  /** Room for `bytes` more. */
  reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  int8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** A zig-zag varint of a 32-bit integer. */
  varint(value: number): void {
    this.unsignedVarint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** A zig-zag varlong of a safe integer (a timestamp delta). */
  varlong(value: number): void {
    let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
    if (zigzag <= 0xffffffff) {
      this.unsignedVarint(zigzag);
      return;
    }
    this.reserve(10);
    while (zigzag >= 0x80) {
      this.buffer[this.length++] = (zigzag % 0x80) | 0x80;
      zigzag = Math.floor(zigzag / 0x80);
    }
    this.buffer[this.length++] = zigzag;
  }

  bytes(bytes: Uint8Array, length = bytes.length): void {
    this.reserve(length);
    const buffer = this.buffer;
    // A short copy by hand: cheaper than a native call (and a view to copy from) for a key or a small value.
    if (length <= HAND_COPY_MAX) for (let i = 0; i < length; i++) buffer[this.length + i] = bytes[i];
    else buffer.set(length === bytes.length ? bytes : bytes.subarray(0, length), this.length);
    this.length += length;
  }

  /** A string's UTF-8 bytes, `byteLength` of them (its `utf8Length`). */
  utf8(text: string, byteLength: number): void {
    if (byteLength === text.length && byteLength <= HAND_COPY_MAX) this.ascii(text);
    else {
      this.reserve(byteLength);
      this.length += this.buffer.write(text, this.length, byteLength);
    }
  }

  /** A string's UTF-8 bytes. */
  text(text: string): void {
    if (text.length <= HAND_COPY_MAX) {
      // Copied as ASCII in one pass, measured and written by Node only if it is not.
      this.reserve(text.length);
      const buffer = this.buffer;
      let at = this.length;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) {
          this.utf8(text, Buffer.byteLength(text));
          return;
        }
        buffer[at++] = c;
      }
      this.length = at;
    } else this.utf8(text, Buffer.byteLength(text));
  }

  /** A string known to be ASCII, one byte a character. */
  ascii(text: string): void {
    this.reserve(text.length);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** A 32-bit integer in decimal ASCII digits, as `String(value)` writes it. */
  decimal(value: number): void {
    let rest = value | 0;
    this.reserve(11);
    const buffer = this.buffer;
    if (rest < 0) {
      buffer[this.length++] = 0x2d; // '-'
      rest = -rest;
    }
    let digits = 1;
    for (let power = 10; power <= rest; power *= 10) digits++;
    const end = this.length + digits;
    for (let at = end - 1; at >= this.length; at--) {
      buffer[at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length = end;
  }

  /** The written bytes, sharing the buffer. */
  written(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private unsignedVarint(value: number): void {
    this.reserve(5);
    const buffer = this.buffer;
    let v = value;
    while (v > 0x7f) {
      buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buffer[this.length++] = v;
  }
}

/** The UTF-8 length of `text`: its length when it is ASCII, found by hand for a short one. */
export function utf8Length(text: string): number {
  if (text.length > HAND_COPY_MAX) return Buffer.byteLength(text);
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return Buffer.byteLength(text);
  return text.length;
}

/** Bytes of `varint(value)`. */
export function varintSize(value: number): number {
  const v = ((value << 1) ^ (value >> 31)) >>> 0;
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Bytes of `varlong(value)`. */
export function varlongSize(value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (zigzag >= 0x80) {
    zigzag = Math.floor(zigzag / 0x80);
    size++;
  }
  return size;
}

/** Writes a safe integer as a big-endian int64 at `offset`. */
export function writeInt64(buffer: Buffer, value: number, offset: number): void {
  const high = Math.floor(value / 0x100000000);
  buffer.writeInt32BE(high, offset);
  buffer.writeUInt32BE(value - high * 0x100000000, offset + 4);
}

/** Reads a big-endian int64 at `offset` as a number (offsets, timestamps and producer ids are safe integers). */
export function readInt64(buffer: Buffer, offset: number): number {
  return buffer.readInt32BE(offset) * 0x100000000 + buffer.readUInt32BE(offset + 4);
}
