import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isGzip } from './file-input';

const NEWLINE = 10;
const CHUNK_BYTES = 1 << 20;

/**
 * The 1-based number of the line that starts at `offset` of a file's (decompressed) content: the
 * newlines before it, counted from the start. Only for the error message of a malformed line, so
 * a gzip file is simply decompressed whole.
 */
export function lineNumberAt(path: string, offset: number): number {
  if (isGzip(path)) return 1 + countNewlines(gunzipSync(readFileSync(path)).subarray(0, offset));
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let line = 1;
    for (let position = 0; position < offset;) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, offset - position), position);
      if (read === 0) break;
      line += countNewlines(chunk.subarray(0, read));
      position += read;
    }
    return line;
  } finally {
    closeSync(fd);
  }
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, i + 1)) count++;
  return count;
}
