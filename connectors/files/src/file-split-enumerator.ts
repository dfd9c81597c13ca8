import type { SplitEnumerator, SplitEnumeratorContext } from '@weir/connector-sdk';
import type { ListedFile } from './file-listing';
import { fileSplits, type FileSplit } from './file-split';

/** The enumerator's checkpoint: the splits not handed out yet, and (when monitoring) the files already seen. */
export interface FileEnumeratorCheckpoint {
  pending: FileSplit[];
  seenPaths: string[];
}

export interface FileSplitEnumeratorOptions {
  /** Lists the files under the source's path (on the coordinator). */
  list(): ListedFile[];
  splitSizeBytes: number;
  /** Lists again at this interval and reads the files not seen before; without it the source is bounded. */
  monitorIntervalMs?: number;
  /** Restores from a checkpoint instead of listing at start. */
  restored?: FileEnumeratorCheckpoint;
}

/**
 * The smallest range the enumerator cuts off a split for a reader near the end: a request then costs
 * about as much as the wait it saves (256 KiB is a few milliseconds of reading).
 */
export const MIN_CUT_SPLIT_BYTES = 256 * 1024;

/**
 * Hands out file splits one per request, so a fast reader takes more of the work (Flink's
 * FileSource enumerators). When fewer splits are left than there are readers, it hands out the first
 * half of a split and keeps the rest, so the readers run out of work together rather than one reading
 * a last whole split while the others wait. Bounded, it lists once and then tells readers there is no more;
 * continuous, it lists again every `monitorIntervalMs`, cuts the files it has not seen into
 * splits, and serves the readers that asked while there was nothing to read.
 */
export class FileSplitEnumerator implements SplitEnumerator<FileSplit, FileEnumeratorCheckpoint> {
  private readonly pending: FileSplit[];
  private readonly seen: Set<string>;
  /** Readers that asked while nothing was pending (continuous mode only), in the order they asked. */
  private readonly waiting = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: SplitEnumeratorContext<FileSplit>,
    private readonly options: FileSplitEnumeratorOptions,
  ) {
    this.pending = options.restored?.pending.map((split) => ({ ...split })) ?? [];
    this.seen = new Set(options.restored?.seenPaths);
  }

  start(): void {
    if (this.options.restored === undefined) this.discover();
    const interval = this.options.monitorIntervalMs;
    if (interval !== undefined) this.timer = setInterval(() => this.monitor(interval), interval);
  }

  handleSplitRequest(subtaskIndex: number): void {
    const split = this.nextSplit();
    if (split !== undefined) this.context.assignSplits(subtaskIndex, [split]);
    else if (this.options.monitorIntervalMs === undefined) this.context.signalNoMoreSplits(subtaskIndex);
    else this.waiting.add(subtaskIndex);
  }

  /** Readers ask for work themselves (`handleSplitRequest`), so a new one needs nothing here. */
  addReader(_subtaskIndex: number): void {}

  addSplitsBack(splits: FileSplit[], _subtaskIndex: number): void {
    // First in line again: they were handed out before the ones still waiting.
    this.pending.unshift(...splits);
    this.serveWaiting();
  }

  snapshotState(_checkpointId: number): FileEnumeratorCheckpoint {
    return {
      pending: this.pending.map((split) => ({ ...split })),
      seenPaths: this.options.monitorIntervalMs === undefined ? [] : [...this.seen],
    };
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A listing that fails later (a directory briefly gone, a permission) is tried again at the next interval. */
  private monitor(interval: number): void {
    try {
      this.discover();
    } catch (error) {
      console.error(
        `fileSource: listing the files failed, trying again in ${interval} ms: ${(error as Error).message}`,
      );
    }
  }

  /** Lists the files and queues the splits of those not seen before. */
  private discover(): void {
    const fresh = this.options.list().filter((file) => !this.seen.has(file.path));
    for (const file of fresh) this.seen.add(file.path);
    this.pending.push(...fileSplits(fresh, this.options.splitSizeBytes));
    this.serveWaiting();
  }

  /** The next pending split, or its first half near the end (see the class comment). */
  private nextSplit(): FileSplit | undefined {
    const split = this.pending.shift();
    if (split === undefined || this.pending.length + 1 >= this.context.registeredReaders().size) return split;
    // A gzip file's range has no end to halve: it is read whole.
    if (split.end === Number.MAX_SAFE_INTEGER) return split;
    const half = Math.floor((split.end - split.position) / 2);
    if (half < MIN_CUT_SPLIT_BYTES) return split;
    const middle = split.position + half;
    this.pending.unshift({ splitId: `${split.path}:${middle}`, path: split.path, position: middle, end: split.end });
    return { ...split, end: middle };
  }

  private serveWaiting(): void {
    for (const subtask of this.waiting) {
      if (this.pending.length === 0) return;
      this.waiting.delete(subtask);
      if (this.context.registeredReaders().has(subtask)) this.context.assignSplits(subtask, [this.pending.shift()!]);
    }
  }
}
