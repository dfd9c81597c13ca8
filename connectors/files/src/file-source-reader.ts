import {
  MalformedRecords,
  reasonOf,
  RECORDS_PER_POLL,
  SKIP_RECORD,
  SourceReaderBase,
  type ReaderOutput,
  type SourceReaderContext,
  type MalformedRecordPolicy,
  type SplitProgress,
  type TextFormat,
} from '@weir/connector-sdk';
import { isGzip, WAIT, type FileInput } from './file-input';
import type { FileSplit } from './file-split';
import { GzipFileInput } from './gzip-file-input';
import { lineNumberAt } from './line-number';
import { PlainFileInput } from './plain-file-input';

/** The read buffer's starting size; it doubles for a line longer than it. */
const BUFFER_BYTES = 1 << 20;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const BYTE_ORDER_MARK = 0xfeff;

/**
 * Reads the lines of its file splits, one split after another. The file's bytes are read into one
 * buffer that the reader keeps; lines are found with `indexOf` on the bytes (a newline byte never
 * occurs inside a multi-byte UTF-8 character) and each batch of up to RECORDS_PER_POLL lines is
 * decoded with one call, then cut into lines: no per-line decoding, no stream machinery on the hot
 * path. A line may end with "\n" or "\r\n"; the last line of a file may have no line break. A
 * malformed line fails the job or goes to the dead-letter output, as the source says. A gzip
 * file's bytes come from a decompressing stream: when none are ready the split is 'blocked' until
 * they are.
 */
export class FileSourceReader<T> extends SourceReaderBase<T, FileSplit> {
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  /** `buffer[0, length)`: the bytes read, those of the file from offset `base` on. */
  private view = this.buffer.subarray(0, 0);
  private length = 0;
  private base = 0;
  /** Where in the buffer the next line starts. */
  private cursor = 0;
  private endOfFile = false;
  private input: FileInput | undefined;
  private openPath = '';
  /** The split the buffer is positioned in. */
  private current: FileSplit | undefined;
  /** The 1-based number of the next line to emit; NaN until needed when the split began mid-file. */
  private nextLine = NaN;
  private readonly malformed: MalformedRecords;
  /** Per batch: where each line ends in the buffer (its newline, or the end of the file). */
  private readonly lineEnds = new Int32Array(RECORDS_PER_POLL);
  /** Per batch: the parsed records, kept apart from emitting so a parse error is never a downstream one. */
  private readonly records: (T | typeof SKIP_RECORD)[] = [];

  constructor(
    context: SourceReaderContext,
    private readonly format: TextFormat<T>,
    onMalformed: MalformedRecordPolicy | undefined,
  ) {
    super(context, false);
    this.malformed = new MalformedRecords(onMalformed, 'fileSource', format.name, context.subtaskIndex);
  }

  protected readSplit(split: FileSplit, output: ReaderOutput<T>): SplitProgress {
    if (this.current !== split && !this.seek(split)) return 'blocked';
    const ends = this.lineEnds;
    let batchStart = this.cursor;
    let count = 0;
    let lines = 0;
    for (;;) {
      if (lines === RECORDS_PER_POLL) {
        this.emit(output, batchStart, count);
        split.position = this.base + this.cursor;
        return 'more';
      }
      if (this.base + this.cursor >= split.end) break;
      let newline = this.view.indexOf(NEWLINE, this.cursor);
      if (newline === -1) {
        if (!this.endOfFile) {
          // The line goes on past what is buffered: emit what is complete, then read on.
          this.emit(output, batchStart, count);
          count = 0;
          const filled = this.fill();
          split.position = this.base + this.cursor;
          if (!filled) return 'blocked';
          batchStart = this.cursor;
          continue;
        }
        if (this.cursor === this.length) break;
        newline = this.length;
      }
      ends[count++] = newline;
      lines++;
      this.cursor = newline < this.length ? newline + 1 : newline;
    }
    this.emit(output, batchStart, count);
    split.position = this.base + this.cursor;
    this.current = undefined;
    return 'finished';
  }

  override close(): void {
    this.closeFile();
    super.close();
  }

  /**
   * Positions the buffer at the first line the split owns from its position on; false when the
   * bytes for that are not ready yet (a gzip stream), to be tried again.
   */
  private seek(split: FileSplit): boolean {
    if (this.openPath !== split.path) {
      this.closeFile();
      const path = split.path;
      this.input = isGzip(path) ? new GzipFileInput(path, () => this.unblock()) : new PlainFileInput(path);
      this.openPath = path;
    }
    this.length = 0;
    this.cursor = 0;
    this.endOfFile = false;
    this.view = this.buffer.subarray(0, 0);
    const position = split.position;
    this.base = position;
    this.nextLine = position === 0 ? 1 : NaN;
    if (position > 0) {
      // A line starts at `position` only if the byte before it ends a line: read from that byte and
      // skip to just past the first newline.
      this.base = position - 1;
      for (;;) {
        if (!this.fill()) return false;
        const newline = this.view.indexOf(NEWLINE, this.cursor);
        if (newline !== -1) {
          this.cursor = newline + 1;
          break;
        }
        this.cursor = this.length;
        if (this.endOfFile) break;
      }
      split.position = this.base + this.cursor;
    }
    this.current = split;
    return true;
  }

  /** Keeps the unread bytes, moved to the buffer's start, and reads more after them; false on WAIT. */
  private fill(): boolean {
    if (this.cursor > 0) {
      this.buffer.copyWithin(0, this.cursor, this.length);
      this.base += this.cursor;
      this.length -= this.cursor;
      this.cursor = 0;
    }
    if (this.length === this.buffer.length) {
      const larger = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(larger, 0, 0, this.length);
      this.buffer = larger;
    }
    const free = this.buffer.length - this.length;
    const read = this.input!.read(this.buffer, this.length, free, this.base + this.length);
    if (read === WAIT) {
      // The bytes kept moved: the view must not show the old ones while the reader waits.
      this.view = this.buffer.subarray(0, this.length);
      return false;
    }
    if (read === 0) this.endOfFile = true;
    this.length += read;
    this.view = this.buffer.subarray(0, this.length);
    return true;
  }

  /** Decodes `count` lines starting at `batchStart` with one call, parses them all, then emits them. */
  private emit(output: ReaderOutput<T>, batchStart: number, count: number): void {
    if (count === 0) return;
    const ends = this.lineEnds;
    const text = this.buffer.toString('utf8', batchStart, ends[count - 1]);
    // All ASCII (the usual case): a character's index is its byte's, and the line ends are known.
    const ascii = text.length === ends[count - 1] - batchStart;
    const format = this.format;
    const records = this.records;
    let from = this.base + batchStart === 0 && text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
    for (let k = 0; k < count; k++) {
      let to = ascii ? ends[k] - batchStart : text.indexOf('\n', from);
      if (to === -1) to = text.length;
      const stop = to > from && text.charCodeAt(to - 1) === CARRIAGE_RETURN ? to - 1 : to;
      const line = text.slice(from, stop);
      try {
        records[k] = format.parse(line);
      } catch (error) {
        records[k] = SKIP_RECORD;
        this.malformedLine(error, line, k, batchStart, k === 0 ? batchStart : ends[k - 1] + 1);
      }
      from = to + 1;
    }
    this.nextLine += count;
    for (let i = 0; i < count; i++) {
      const record = records[i];
      if (record !== SKIP_RECORD) output.collect(record);
    }
  }

  /** The k-th line of the batch at `batchStart` is malformed: fails, or goes to the dead-letter output. */
  private malformedLine(cause: unknown, text: string, k: number, batchStart: number, lineStart: number): void {
    // Counted from the file's start only when the split began mid-file; from then on by batches.
    if (Number.isNaN(this.nextLine)) this.nextLine = lineNumberAt(this.openPath, this.base + batchStart);
    const line = this.nextLine + k;
    const offset = this.base + lineStart;
    this.malformed.handle(
      {
        location: `'${this.openPath}' at line ${line}`,
        position: { file: this.openPath, line, offset },
        reason: reasonOf(cause),
        text,
      },
      cause,
    );
  }

  private closeFile(): void {
    this.input?.close();
    this.input = undefined;
    this.openPath = '';
    this.current = undefined;
  }
}
