/**
 * Record formats, shared by every connector (DESIGN.md §8): how a record is read from and written to
 * a line of a file, a message's payload, a column. A text format works on strings (a file reader
 * decodes a whole batch of lines at once and hands each line over); a bytes format on raw payloads.
 * `asBytesFormat` lets a message connector take either.
 */

/** What `parse` returns for text that holds no record (a blank line in CSV or JSON Lines). */
export const SKIP_RECORD: unique symbol = Symbol('skip record');

export interface TextFormat<T> {
  readonly kind: 'text';
  /** Names a record in errors: "malformed <name> in …" ('JSON record', 'CSV record'). */
  readonly name: string;
  /** One record from its text (without line break), SKIP_RECORD for none; throws when malformed. */
  parse(text: string): T | typeof SKIP_RECORD;
  /** The record's text, on one line: it never holds a line break unless the format is 'lines'. */
  format(value: T): string;
}

export interface BytesFormat<T> {
  readonly kind: 'bytes';
  readonly name: string;
  /** One record from its payload, SKIP_RECORD for none; throws when malformed. */
  decode(bytes: Uint8Array): T | typeof SKIP_RECORD;
  encode(value: T): Uint8Array;
}

export type Format<T> = TextFormat<T> | BytesFormat<T>;

/** The record type a format reads and writes. */
export type RecordOfFormat<F> = F extends Format<infer T> ? T : never;

/** A format over payloads: a text format reads and writes them as UTF-8. */
export function asBytesFormat<T>(format: Format<T>): BytesFormat<T> {
  if (format.kind === 'bytes') return format;
  return {
    kind: 'bytes',
    name: format.name,
    decode: (bytes) => format.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')),
    encode: (value) => Buffer.from(format.format(value), 'utf8'),
  };
}

export function isFormat(value: unknown): value is Format<unknown> {
  const kind = (value as Partial<Format<unknown>> | null)?.kind;
  return typeof value === 'object' && (kind === 'text' || kind === 'bytes');
}
