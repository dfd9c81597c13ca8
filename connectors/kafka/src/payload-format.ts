import { jsonFormat, type Format, type SKIP_RECORD, type TextFormat } from '@weir/connector-sdk';
import type { ByteWriter } from './byte-writer';
import { writeJson } from './json-bytes';

/**
 * A record format over Kafka payloads, used in place: a text format's records are decoded straight
 * from the fetched bytes and written as UTF-8 straight into the batch being built, with no Buffer
 * per record; a bytes format gets and gives its payload as bytes. `jsonFormat()` writes a record's
 * bytes without making its JSON string first, for the common shapes (json-bytes.ts).
 */
export interface PayloadFormat<T> {
  /** Names a record in errors ('JSON record', 'line'). */
  readonly name: string;
  /** Whether payloads are text (else bytes): how a dead letter shows a payload. */
  readonly text: boolean;
  decode(data: Buffer, start: number, end: number): T | typeof SKIP_RECORD;
  /** The payload: a string is written as UTF-8; or it is written into `scratch`, which it returns. */
  encode(value: T, scratch: ByteWriter): string | Uint8Array | ByteWriter;
}

/** What Buffer#toString calls, without its argument checks and encoding lookup; @types/node leaves it out. */
interface NodeBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
}

export function payloadFormat<T>(format: Format<T>): PayloadFormat<T> {
  if (format.kind === 'text') {
    return {
      name: format.name,
      text: true,
      decode: (data, start, end) => format.parse((data as NodeBuffer).utf8Slice(start, end)),
      encode: format === jsonFormat() ? jsonBytes(format) : (value) => format.format(value),
    };
  }
  return {
    name: format.name,
    text: false,
    decode: (data, start, end) => format.decode(data.subarray(start, end)),
    encode: (value) => format.encode(value),
  };
}

/** JSON written as bytes; the format's own `format` (JSON.stringify) for what json-bytes.ts leaves to it. */
function jsonBytes<T>(format: TextFormat<T>): PayloadFormat<T>['encode'] {
  const stringify = (value: unknown): string => format.format(value as T);
  return (value, scratch) => {
    scratch.length = 0;
    writeJson(value, scratch, stringify);
    return scratch;
  };
}
