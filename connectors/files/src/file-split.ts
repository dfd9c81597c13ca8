import type { SourceSplit } from '@weir/connector-sdk';
import type { ListedFile } from './file-listing';
import { isGzip } from './file-input';

/**
 * A byte range of one file. A range owns the lines that start inside it, `[start, end)`, and reads
 * the last of them to its newline even past `end`: so a line that straddles two ranges is read once,
 * by the range where it starts, and ranges can be cut at any byte without looking at the data.
 * A gzip file cannot be cut: it is one split, its offsets those of the decompressed bytes.
 */
export interface FileSplit extends SourceSplit {
  readonly path: string;
  /**
   * Where reading goes on: the range's start at first, then the start of the next unread line. The
   * reader treats it as a line start only if the byte before it is a newline (or it is 0); otherwise
   * the line there began in the range before, which reads it. So the position is the checkpoint.
   */
  position: number;
  /** Exclusive: lines starting at or after `end` belong to the next range (a whole gzip file: MAX_SAFE_INTEGER). */
  readonly end: number;
}

/** Cuts each file into ranges of `splitSize` bytes (the last one shorter); an empty file has none. */
export function fileSplits(files: readonly ListedFile[], splitSize: number): FileSplit[] {
  const splits: FileSplit[] = [];
  for (const file of files) {
    if (file.size > 0 && isGzip(file.path)) {
      splits.push({ splitId: `${file.path}:0`, path: file.path, position: 0, end: Number.MAX_SAFE_INTEGER });
      continue;
    }
    for (let start = 0; start < file.size; start += splitSize) {
      const end = Math.min(start + splitSize, file.size);
      splits.push({ splitId: `${file.path}:${start}`, path: file.path, position: start, end });
    }
  }
  return splits;
}
