import type { BytesFormat } from './format';

/** Each payload as it is, a Uint8Array (Kafka values, NATS messages): nothing parsed, nothing to fail. */
export function rawBytesFormat(): BytesFormat<Uint8Array> {
  return RAW_BYTES;
}

const RAW_BYTES: BytesFormat<Uint8Array> = {
  kind: 'bytes',
  name: 'payload',
  decode: (bytes) => bytes,
  encode: (value) => value,
};
