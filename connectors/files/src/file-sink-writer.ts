import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { WeirError, type PrecommittingSinkWriter, type TextFormat } from '@weir/connector-sdk';
import type { FileCommittable } from './file-committable';
import type { PartFileNaming } from './part-file-naming';

/** Written records kept in memory at most before they go to the part file (characters, about bytes). */
const BUFFER_CHARS = 1 << 20;

interface OpenPart {
  readonly fd: number;
  readonly committable: FileCommittable;
  readonly openedAt: number;
  bytes: number;
}

export interface FileSinkWriterOptions<T> {
  readonly naming: PartFileNaming;
  readonly subtaskIndex: number;
  readonly format: TextFormat<T>;
  readonly maxPartSizeBytes: number;
  readonly rolloverIntervalMs: number;
  readonly now?: () => number;
}

/**
 * One subtask's writer of a file sink: records go, one line each, into an in-progress part file,
 * which is closed (synced to disk) when the rolling policy says so and always at a checkpoint;
 * `prepareCommit` hands the closed parts to the committer, which renames them to their committed
 * names once the checkpoint is complete. Writes are buffered and go to disk in large chunks.
 */
export class FileSinkWriter<T> implements PrecommittingSinkWriter<T, FileCommittable> {
  private readonly buffered: string[] = [];
  private bufferedChars = 0;
  private part: OpenPart | undefined;
  /** Closed parts not yet handed out by prepareCommit. */
  private readonly closed: FileCommittable[] = [];
  private nextPart: number;
  private readonly now: () => number;

  constructor(private readonly options: FileSinkWriterOptions<T>) {
    this.now = options.now ?? Date.now;
    mkdirSync(options.naming.directory, { recursive: true });
    this.nextPart = this.firstFreePartNumber();
  }

  write(value: T, _timestamp: number | undefined): void {
    const line = this.options.format.format(value) + '\n';
    this.buffered.push(line);
    this.bufferedChars += line.length;
    const partBytes = this.part === undefined ? 0 : this.part.bytes;
    if (this.bufferedChars >= BUFFER_CHARS || partBytes + this.bufferedChars >= this.options.maxPartSizeBytes) {
      this.writeBuffered();
    }
  }

  flush(_endOfInput: boolean): void {
    this.writeBuffered();
    const part = this.part;
    if (part !== undefined && this.now() - part.openedAt >= this.options.rolloverIntervalMs) this.closePart();
  }

  prepareCommit(_checkpointId: number): FileCommittable[] {
    this.writeBuffered();
    this.closePart();
    return this.closed.splice(0);
  }

  /** Leaves an open part in progress: it is no checkpoint's, and the committer's abortLingering deletes it. */
  close(): void {
    if (this.part !== undefined) closeSync(this.part.fd);
    this.part = undefined;
  }

  private writeBuffered(): void {
    if (this.bufferedChars === 0) return;
    const text = this.buffered.length === 1 ? this.buffered[0] : this.buffered.join('');
    this.buffered.length = 0;
    this.bufferedChars = 0;
    const part = this.part ?? this.openPart();
    try {
      part.bytes += writeSync(part.fd, text);
    } catch (error) {
      throw new WeirError(`fileSink: cannot write '${part.committable.inProgressPath}': ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (part.bytes >= this.options.maxPartSizeBytes) this.closePart();
  }

  private openPart(): OpenPart {
    const { naming, subtaskIndex } = this.options;
    const number = this.nextPart++;
    const committable = {
      inProgressPath: naming.inProgressPath(subtaskIndex, number),
      committedPath: naming.committedPath(subtaskIndex, number),
    };
    let fd: number;
    try {
      fd = openSync(committable.inProgressPath, 'wx');
    } catch (error) {
      throw new WeirError(`fileSink: cannot create '${committable.inProgressPath}': ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.part = { fd, committable, openedAt: this.now(), bytes: 0 };
    return this.part;
  }

  /** Syncs and closes the open part, if any, and keeps it for the next prepareCommit. */
  private closePart(): void {
    const part = this.part;
    if (part === undefined) return;
    this.part = undefined;
    fsyncSync(part.fd);
    closeSync(part.fd);
    this.closed.push(part.committable);
  }

  /**
   * Part numbers go on from the highest this subtask has used in the directory, committed or in
   * progress, so that no name of an earlier attempt or run is ever reused.
   */
  private firstFreePartNumber(): number {
    const { naming, subtaskIndex } = this.options;
    let next = 0;
    for (const name of readdirSync(naming.directory)) {
      const part = naming.parse(name);
      if (part !== undefined && part.subtask === subtaskIndex) next = Math.max(next, part.part + 1);
    }
    return next;
  }
}
