/** What `FileInput.read` returns when no bytes are ready yet: the input calls its `onReadable` when some are. */
export const WAIT = -1;

/**
 * The bytes of one file as a file source reader reads them: a plain file read in place, or a gzip
 * file decompressed as a stream. Offsets are those of the (decompressed) content.
 */
export interface FileInput {
  /**
   * Reads into `buffer[at, at + length)` the bytes from `position` on: how many it read, 0 at the end
   * of the file, or WAIT. Never blocks.
   */
  read(buffer: Buffer, at: number, length: number, position: number): number;
  close(): void;
}

export function isGzip(path: string): boolean {
  return path.endsWith('.gz');
}
