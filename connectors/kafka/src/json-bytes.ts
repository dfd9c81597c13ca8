import type { ByteWriter } from './byte-writer';

/** `"`, `\`, `{`, `}`, `,` and `:` as bytes. */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Integers below this are written digit by digit; the rest as `String(n)` (what JSON writes for a finite number). */
const SMALL_INTEGER = 0x80000000;

/**
 * Writes the UTF-8 of `stringify(value)` into `out`, without making that string for the common
 * shapes of a record: a string, number, boolean or null, or a plain object (prototype
 * `Object.prototype` or null, no `toJSON`) whose values are those. Anything else (arrays, nested
 * objects, Dates, `undefined` values) is left to `stringify`, which must be `JSON.stringify` or
 * throw what it throws: then `out` holds exactly what it would, byte for byte. A string with a
 * character JSON escapes, or one beyond ASCII, is written from `JSON.stringify` of that string alone.
 * (An object left to `stringify` has had the getters of its fields before the first nested one
 * called twice.)
 */
export function writeJson(value: unknown, out: ByteWriter, stringify: (value: unknown) => string): void {
  const start = out.length;
  if (!writeFlat(value, out)) {
    out.length = start;
    out.text(stringify(value));
  }
}

/** False, with something written, when `value` is not of the shapes written here. */
function writeFlat(value: unknown, out: ByteWriter): boolean {
  if (typeof value !== 'object' || value === null) return writePrimitive(value, out);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  const record = value as Record<string, unknown>;
  if (record.toJSON !== undefined) return false;
  const keys = Object.keys(record);
  out.int8(OPEN);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out.int8(COMMA);
    writeString(keys[i], out);
    out.int8(COLON);
    const field = record[keys[i]];
    if (typeof field === 'object' && field !== null) return false;
    if (!writePrimitive(field, out)) return false;
  }
  out.int8(CLOSE);
  return true;
}

/** False for `undefined`, functions, symbols and bigints (JSON leaves out, or throws on, those). */
function writePrimitive(value: unknown, out: ByteWriter): boolean {
  switch (typeof value) {
    case 'string':
      writeString(value, out);
      return true;
    case 'number':
      writeNumber(value, out);
      return true;
    case 'boolean':
      out.ascii(value ? 'true' : 'false');
      return true;
    case 'object':
      out.ascii('null'); // value is null: writeFlat took the objects
      return true;
    default:
      return false;
  }
}

function writeString(text: string, out: ByteWriter): void {
  const start = out.length;
  out.reserve(text.length + 2);
  const buffer = out.buffer;
  let at = start;
  buffer[at++] = QUOTE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
      out.length = start;
      out.text(JSON.stringify(text));
      return;
    }
    buffer[at++] = c;
  }
  buffer[at++] = QUOTE;
  out.length = at;
}

function writeNumber(value: number, out: ByteWriter): void {
  if (Number.isInteger(value) && value > -SMALL_INTEGER && value < SMALL_INTEGER) out.decimal(value);
  else out.ascii(Number.isFinite(value) ? String(value) : 'null');
}
