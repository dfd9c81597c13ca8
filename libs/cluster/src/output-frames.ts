/**
 * The framing of `GET /jobs/:id/output`: each frame is a little-endian u32 length and that many
 * bytes of structured clone. Values are not JSON, so what a job collects keeps its types.
 */
import { deserialize, serialize } from 'node:v8';
import type { OutputFrame } from './rest-api';

export function encodeOutputFrame(frame: OutputFrame): Buffer {
  const body = serialize(frame);
  const bytes = Buffer.allocUnsafe(4 + body.length);
  bytes.writeUInt32LE(body.length, 0);
  body.copy(bytes, 4);
  return bytes;
}

/** Splits a byte stream back into frames, whatever the chunk boundaries. */
export async function* decodeOutputFrames(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<OutputFrame> {
  let pending = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    let offset = 0;
    while (pending.length - offset >= 4) {
      const length = pending.readUInt32LE(offset);
      if (pending.length - offset - 4 < length) break;
      yield deserialize(pending.subarray(offset + 4, offset + 4 + length)) as OutputFrame;
      offset += 4 + length;
    }
    pending = pending.subarray(offset);
  }
}
