import type { Format, SKIP_RECORD } from '@weir/connector-sdk';

/**
 * A record format over Kafka payloads, used in place: a text format's records are decoded straight
 * from the fetched bytes and written as UTF-8 straight into the batch being built, with no Buffer
 * per record; a bytes format gets and gives its payload as bytes.
 */
export interface PayloadFormat<T> {
  /** Names a record in errors ('JSON record', 'line'). */
  readonly name: string;
  /** Whether payloads are text (else bytes): how a dead letter shows a payload. */
  readonly text: boolean;
  decode(data: Buffer, start: number, end: number): T | typeof SKIP_RECORD;
  /** The payload: a string is written as UTF-8. */
  encode(value: T): string | Uint8Array;
}

export function payloadFormat<T>(format: Format<T>): PayloadFormat<T> {
  if (format.kind === 'text') {
    return {
      name: format.name,
      text: true,
      decode: (data, start, end) => format.parse(data.toString('utf8', start, end)),
      encode: (value) => format.format(value),
    };
  }
  return {
    name: format.name,
    text: false,
    decode: (data, start, end) => format.decode(data.subarray(start, end)),
    encode: (value) => format.encode(value),
  };
}
