import { createReadStream, type ReadStream } from 'node:fs';
import { createGunzip, type Gunzip } from 'node:zlib';
import { WeirError } from '@weir/connector-sdk';
import { WAIT, type FileInput } from './file-input';

/** Decompressed bytes kept ahead of the reader at most (then the stream pauses), and where it resumes. */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;
const LOW_WATER_BYTES = 2 * 1024 * 1024;

/**
 * A gzip file, decompressed by a stream on libuv's thread pool into a bounded queue that the reader
 * drains without blocking. Reading is sequential: a position ahead is reached by skipping, one
 * behind (a restore) by decompressing again from the start.
 */
export class GzipFileInput implements FileInput {
  private stream: Gunzip | undefined;
  private file: ReadStream | undefined;
  private readonly chunks: Buffer[] = [];
  /** Where in `chunks[0]` the unread bytes start. */
  private head = 0;
  private queued = 0;
  /** The decompressed offset of the first queued byte. */
  private offset = 0;
  private ended = false;
  private paused = false;
  private waiting = false;
  private failure: Error | undefined;

  constructor(
    private readonly path: string,
    private readonly onReadable: () => void,
  ) {}

  read(buffer: Buffer, at: number, length: number, position: number): number {
    if (this.stream === undefined || position < this.offset) this.restart();
    if (this.failure !== undefined) {
      throw new WeirError(`fileSource: cannot read the gzip file '${this.path}': ${this.failure.message}`, {
        cause: this.failure,
      });
    }
    this.consume(position - this.offset, undefined, 0);
    const read = this.offset === position ? this.consume(length, buffer, at) : 0;
    if (read > 0) return read;
    if (this.ended && this.queued === 0) return 0;
    this.waiting = true;
    return WAIT;
  }

  close(): void {
    // Both: a destroyed gunzip stream leaves the file stream that fed it open.
    this.file?.destroy();
    this.stream?.destroy();
    this.file = undefined;
    this.stream = undefined;
  }

  /** Takes up to `length` queued bytes, copying them to `target` if given; resumes a paused stream. */
  private consume(length: number, target: Buffer | undefined, at: number): number {
    let taken = 0;
    while (taken < length && this.chunks.length > 0) {
      const chunk = this.chunks[0];
      const n = Math.min(length - taken, chunk.length - this.head);
      if (target !== undefined) chunk.copy(target, at + taken, this.head, this.head + n);
      taken += n;
      this.head += n;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.queued -= taken;
    this.offset += taken;
    if (this.paused && this.queued < LOW_WATER_BYTES) {
      this.paused = false;
      this.stream?.resume();
    }
    return taken;
  }

  private restart(): void {
    this.close();
    this.chunks.length = 0;
    this.head = 0;
    this.queued = 0;
    this.offset = 0;
    this.ended = false;
    this.paused = false;
    this.failure = undefined;
    const stream = createGunzip();
    const file = createReadStream(this.path);
    file.on('error', (error) => this.fail(error));
    file.pipe(stream);
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.queued += chunk.length;
      if (this.queued >= HIGH_WATER_BYTES) {
        this.paused = true;
        stream.pause();
      }
      this.wake();
    });
    stream.on('end', () => {
      this.ended = true;
      this.wake();
    });
    stream.on('error', (error) => this.fail(error));
    this.stream = stream;
    this.file = file;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    if (!this.waiting) return;
    this.waiting = false;
    this.onReadable();
  }
}
