import { WeirError } from '@weir/common';
import type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceReader,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from './source';

export interface SourceTestDriverOptions<S extends SourceSplit, C> {
  parallelism: number;
  /** Start the enumerator from this checkpoint instead of creating it afresh. */
  enumeratorCheckpoint?: C;
  /** Give reader i these splits before it starts, as a restore from a checkpoint would. */
  readerSplits?: S[][];
}

/**
 * Runs a Source in one thread without the runtime: its enumerator and `parallelism` readers, with
 * split requests and assignments queued and delivered between polls, as the runtime's mailboxes
 * deliver them. For the tests of sources, the built-in ones and connectors'; never on a job's path.
 */
export class SourceTestDriver<T, S extends SourceSplit, C> {
  readonly enumerator: SplitEnumerator<S, C>;
  readonly readers: SourceReader<T, S>[] = [];
  /** What each reader emitted, in order. */
  readonly outputs: T[][] = [];
  /** Each assignment the enumerator made, in order. */
  readonly assignments: { subtask: number; splitIds: string[] }[] = [];
  private readonly mailbox: (() => void)[] = [];
  /** Wakes `runToEndAsync` when something is queued from outside a poll (an enumerator's timer). */
  private mailArrived: (() => void) | undefined;
  private readonly ended: boolean[] = [];
  private readonly readerOutputs: ReaderOutput<T>[] = [];

  constructor(source: Source<T, S, C>, options: SourceTestDriverOptions<S, C>) {
    const parallelism = options.parallelism;
    const registered = new Set<number>();
    const context: SplitEnumeratorContext<S> = {
      currentParallelism: parallelism,
      registeredReaders: () => registered,
      assignSplits: (subtask, splits) => {
        this.assignments.push({ subtask, splitIds: splits.map((s) => s.splitId) });
        this.enqueue(() => this.readers[subtask].addSplits(splits));
      },
      signalNoMoreSplits: (subtask) => this.enqueue(() => this.readers[subtask].notifyNoMoreSplits()),
    };
    const checkpoint = options.enumeratorCheckpoint;
    this.enumerator =
      checkpoint === undefined ? source.createEnumerator(context) : source.restoreEnumerator(context, checkpoint);
    this.enumerator.start();
    for (let subtask = 0; subtask < parallelism; subtask++) {
      const reader = source.createReader({
        subtaskIndex: subtask,
        parallelism,
        sendSplitRequest: () => this.enqueue(() => this.enumerator.handleSplitRequest(subtask)),
      });
      this.readers.push(reader);
      const out: T[] = [];
      this.outputs.push(out);
      this.readerOutputs.push({ collect: (record) => void out.push(record) });
      this.ended.push(false);
      const restored = options.readerSplits?.[subtask];
      if (restored !== undefined && restored.length > 0) reader.addSplits(restored);
      registered.add(subtask);
      this.enumerator.addReader(subtask);
      reader.start();
    }
  }

  private enqueue(delivery: () => void): void {
    this.mailbox.push(delivery);
    this.mailArrived?.();
  }

  /** Delivers the queued split requests and assignments, and what they cause in turn. */
  deliver(): void {
    while (this.mailbox.length > 0) this.mailbox.shift()!();
  }

  /** Polls one reader once, after delivering what was queued. */
  poll(subtask: number): InputStatus {
    this.deliver();
    const status = this.readers[subtask].pollNext(this.readerOutputs[subtask]);
    if (status === 'end-of-input') this.ended[subtask] = true;
    return status;
  }

  /**
   * Polls the readers in turn until all have ended; for sources that never wait on anything but
   * their enumerator. Throws when a whole round makes no progress.
   */
  runToEnd(): T[][] {
    for (;;) {
      let progressed = false;
      for (let subtask = 0; subtask < this.readers.length; subtask++) {
        if (this.ended[subtask]) continue;
        const queued = this.mailbox.length;
        const emitted = this.outputs[subtask].length;
        const status = this.poll(subtask);
        if (status !== 'nothing-available' || queued > 0 || this.outputs[subtask].length > emitted) progressed = true;
      }
      if (this.ended.every(Boolean)) return this.outputs;
      if (!progressed && this.mailbox.length === 0) {
        throw new WeirError('SourceTestDriver: no reader can make progress, and nothing is queued for them.');
      }
    }
  }

  /**
   * Like `runToEnd`, for sources that wait on more than their enumerator (a stream, a timer): when no
   * reader can go on, it waits until one says it may (`isAvailable`) or something is queued for them,
   * until `until()` holds (for an unbounded source) or all have ended. Throws after `timeoutMs`.
   */
  async runToEndAsync(options: { until?: () => boolean; timeoutMs?: number } = {}): Promise<T[][]> {
    const { until = () => false, timeoutMs = 10_000 } = options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let busy = false;
      for (let subtask = 0; subtask < this.readers.length; subtask++) {
        if (!this.ended[subtask] && this.poll(subtask) === 'more-available') busy = true;
      }
      if (this.ended.every(Boolean) || until()) return this.outputs;
      if (busy || this.mailbox.length > 0) continue;
      const left = deadline - Date.now();
      if (left <= 0) throw new WeirError(`SourceTestDriver: the readers did not finish within ${timeoutMs} ms.`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        ...this.readers.filter((_, i) => !this.ended[i]).map((reader) => reader.isAvailable()),
        new Promise<void>((resolve) => (this.mailArrived = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, left))),
      ]);
      clearTimeout(timer);
      this.mailArrived = undefined;
    }
  }

  close(): void {
    for (const reader of this.readers) reader.close();
    this.enumerator.close();
  }
}
