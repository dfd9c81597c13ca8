import { ConfigError } from '@weir/common';
import {
  StaticSplitEnumerator,
  type Source,
  type SourceReader,
  type SourceReaderContext,
  type SplitEnumerator,
  type SplitEnumeratorContext,
} from '@weir/core';
import { listFiles } from './file-listing';
import { FileSourceReader } from './file-source-reader';
import { fileSplits, type FileSplit } from './file-split';
import { FILE_FORMATS, lineFormat, type FileFormat } from './line-format';

/** 16 MiB: large enough that a split is worth a request, small enough that readers share big files. */
export const DEFAULT_SPLIT_SIZE_BYTES = 16 * 1024 * 1024;

export interface FileSourceOptions {
  /**
   * A file, a directory (every file below it, except names starting with '.' or '_'), or a pattern
   * with `*` and `?` wildcards, each within one path segment (`logs/2024-*.jsonl`).
   */
  path: string;
  /** 'lines' (default): each line as a string; 'csv': each line's fields; 'jsonl': each line parsed as JSON. */
  format?: FileFormat;
  /** The size of the byte ranges that readers take one at a time (default 16 MiB). */
  splitSizeBytes?: number;
}

/** The file source's checkpoint is the splits not handed out yet; readers checkpoint their own. */
export type FileSource<T> = Source<T, FileSplit, FileSplit[]>;

/**
 * A bounded source of the lines in files, read in parallel: the files are listed when the job starts
 * and cut into byte ranges, which readers take on request; a range's position (a byte offset) is its
 * checkpoint. Lines end with "\n" or "\r\n"; blank lines are records in 'lines' and skipped in 'csv'
 * and 'jsonl'; a malformed line fails the job with a RecordError that names the file and the line.
 */
export function fileSource(options: FileSourceOptions & { format?: 'lines' }): FileSource<string>;
export function fileSource(options: FileSourceOptions & { format: 'csv' }): FileSource<string[]>;
export function fileSource<T = unknown>(options: FileSourceOptions & { format: 'jsonl' }): FileSource<T>;
/** A format known only at run time (from the job's arguments, say): records of any of the three kinds. */
export function fileSource(options: FileSourceOptions): FileSource<unknown>;
export function fileSource(options: FileSourceOptions): FileSource<unknown> {
  const { path, format = 'lines', splitSizeBytes = DEFAULT_SPLIT_SIZE_BYTES } = options ?? ({} as FileSourceOptions);
  if (typeof path !== 'string' || path === '') {
    throw new ConfigError(`fileSource: 'path' must be a file, directory or pattern, not ${JSON.stringify(path)}.`);
  }
  if (!FILE_FORMATS.includes(format)) {
    throw new ConfigError(`fileSource: 'format' must be one of ${FILE_FORMATS.join(', ')}, not '${String(format)}'.`);
  }
  if (!Number.isSafeInteger(splitSizeBytes) || splitSizeBytes <= 0) {
    throw new ConfigError(`fileSource: 'splitSizeBytes' must be a whole number greater than 0, not ${splitSizeBytes}.`);
  }
  return new LineFileSource(path, format, splitSizeBytes);
}

class LineFileSource implements FileSource<unknown> {
  readonly boundedness = 'bounded';

  constructor(
    private readonly path: string,
    private readonly format: FileFormat,
    private readonly splitSizeBytes: number,
  ) {}

  /** Lists the files now, on the coordinator: a missing path fails the job with a message naming it. */
  createEnumerator(ctx: SplitEnumeratorContext<FileSplit>): SplitEnumerator<FileSplit, FileSplit[]> {
    return new StaticSplitEnumerator(ctx, fileSplits(listFiles(this.path), this.splitSizeBytes));
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<FileSplit>,
    checkpoint: FileSplit[],
  ): SplitEnumerator<FileSplit, FileSplit[]> {
    return new StaticSplitEnumerator(ctx, checkpoint);
  }

  createReader(ctx: SourceReaderContext): SourceReader<unknown, FileSplit> {
    return new FileSourceReader(ctx, lineFormat(this.format));
  }
}
