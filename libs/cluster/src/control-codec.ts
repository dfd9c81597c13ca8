import { deserialize, serialize } from 'node:v8';

/** Encodes a control message (structured clone: no JSON, so values keep their types). */
export function encodeControl(message: unknown): Uint8Array {
  return serialize(message);
}

export function decodeControl<T>(bytes: Uint8Array): T {
  return deserialize(bytes) as T;
}
