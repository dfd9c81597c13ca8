import {
  IsMalformedRecordPolicy,
  validateOptions,
  type MalformedRecordPolicy,
  type Source,
  type SourceReader,
  type SourceReaderContext,
  type SplitEnumerator,
  type SplitEnumeratorContext,
  type TextFormat,
} from '@weir/connector-sdk';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsFileFormat, textFormatOf, type FileFormat } from './file-format';
import { listFiles } from './file-listing';
import { FileSourceReader } from './file-source-reader';
import type { FileSplit } from './file-split';
import { FileSplitEnumerator, type FileEnumeratorCheckpoint } from './file-split-enumerator';

/**
 * 4 MiB: large enough that a split is worth a request, small enough that readers share a big file
 * evenly (at 16 MiB, a 100 MB file made 7 splits, and one of two readers read 4 of them).
 */
export const DEFAULT_SPLIT_SIZE_BYTES = 4 * 1024 * 1024;

/** The options of `fileSource`, checked with class-validator when the source is declared. */
export class FileSourceOptions<T = unknown> {
  /**
   * A file, a directory (every file below it, except names starting with '.' or '_'), or a pattern
   * with `*` and `?` wildcards, each within one path segment (`logs/2024-*.jsonl`). Files ending in
   * `.gz` are decompressed.
   */
  @IsString()
  @IsNotEmpty()
  path!: string;

  /**
   * 'lines' (default): each line as a string; 'csv': each line's fields; 'jsonl': each line parsed as
   * JSON; or a text format of @weir/connector-sdk (a `schemaFormat` checks and types each record).
   */
  @IsOptional()
  @IsFileFormat()
  format?: FileFormat<T>;

  /** The size of the byte ranges that readers take one at a time (default 4 MiB); a gzip file is one range. */
  @IsOptional()
  @IsInt()
  @Min(1)
  splitSizeBytes?: number;

  /**
   * Makes the source continuous (unbounded): the path is listed again at this interval and files
   * not seen before are read. Files must appear whole (written elsewhere, then moved in).
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 60 * 60 * 1000)
  monitorIntervalMs?: number;

  /**
   * A malformed line: 'fail' (default) fails the job with a RecordError naming the file and line;
   * `{ deadLetterPath }` writes it (file, line, offset, reason, text) to a dead-letter directory and reads on.
   */
  @IsOptional()
  @IsMalformedRecordPolicy()
  onMalformed?: MalformedRecordPolicy;
}

/** A file source's enumerator checkpoints the splits not handed out yet; readers checkpoint their own. */
export type FileSource<T> = Source<T, FileSplit, FileEnumeratorCheckpoint>;

/**
 * A source of the lines in files, read in parallel (DESIGN.md §8): the files are listed on the
 * coordinator and cut into byte ranges, which readers take on request; a range's position (a byte
 * offset) is its checkpoint, so a restore resumes mid-file. Lines end with "\n" or "\r\n"; blank
 * lines are records in 'lines' and skipped in 'csv' and 'jsonl'; a malformed line fails the job with
 * a RecordError that names the file and the line, or goes to a dead-letter output (`onMalformed`).
 */
export function fileSource(options: FileSourceOptions & { format?: 'lines' }): FileSource<string>;
export function fileSource(options: FileSourceOptions & { format: 'csv' }): FileSource<string[]>;
export function fileSource<T = unknown>(options: FileSourceOptions & { format: 'jsonl' }): FileSource<T>;
export function fileSource<T>(options: FileSourceOptions<T> & { format: TextFormat<T> }): FileSource<T>;
/** A format known only at run time (from the job's arguments, say): records of any kind. */
export function fileSource(options: FileSourceOptions): FileSource<unknown>;
export function fileSource(options: FileSourceOptions): FileSource<unknown> {
  return createFileSource(options);
}

/** `fileSource` for options of unknown shape (from a configuration, through the registry): checked here. */
export function createFileSource(options: unknown): FileSource<unknown> {
  return new LineFileSource(validateOptions(FileSourceOptions, options, 'fileSource'));
}

class LineFileSource implements FileSource<unknown> {
  readonly boundedness;
  private readonly format: TextFormat<unknown>;

  constructor(private readonly options: FileSourceOptions) {
    this.boundedness = options.monitorIntervalMs === undefined ? ('bounded' as const) : ('unbounded' as const);
    this.format = textFormatOf(options.format ?? 'lines');
  }

  /** Lists the files now, on the coordinator: a missing path fails the job with a message naming it. */
  createEnumerator(ctx: SplitEnumeratorContext<FileSplit>): SplitEnumerator<FileSplit, FileEnumeratorCheckpoint> {
    return this.enumerator(ctx, undefined);
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<FileSplit>,
    checkpoint: FileEnumeratorCheckpoint,
  ): SplitEnumerator<FileSplit, FileEnumeratorCheckpoint> {
    return this.enumerator(ctx, checkpoint);
  }

  createReader(ctx: SourceReaderContext): SourceReader<unknown, FileSplit> {
    return new FileSourceReader(ctx, this.format, this.options.onMalformed);
  }

  private enumerator(ctx: SplitEnumeratorContext<FileSplit>, restored: FileEnumeratorCheckpoint | undefined) {
    const { path, splitSizeBytes = DEFAULT_SPLIT_SIZE_BYTES, monitorIntervalMs } = this.options;
    // A monitored pattern may match nothing yet: its files are still to come.
    const list = () => listFiles(path, monitorIntervalMs !== undefined);
    return new FileSplitEnumerator(ctx, { list, splitSizeBytes, monitorIntervalMs, restored });
  }
}
