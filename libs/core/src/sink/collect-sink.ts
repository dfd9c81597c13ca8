import type { ClientSink, SinkWriter, SinkWriterContext } from './sink';

/** A writer sends its values to the client in batches of at most this many (and at every flush). */
const BATCH_SIZE = 1000;

/**
 * A sink whose values end up in the client process: what `executeAndCollect` and tests read. Each
 * writer batches its values and the runtime delivers the batches to this object on the client, in
 * order per subtask. Values cross process and thread boundaries, so they must be structured-clonable.
 */
export class CollectSink<T> implements ClientSink<T> {
  readonly deliversToClient = true;
  /** Called on the client after each batch arrives, with the number of values received so far in all. */
  onValues?: (count: number) => void;
  private readonly received: T[][] = [];
  private count = 0;

  createWriter(ctx: SinkWriterContext): SinkWriter<T> {
    return new CollectSinkWriter<T>(ctx);
  }

  receive(values: T[], subtaskIndex: number): void {
    const into = (this.received[subtaskIndex] ??= []);
    for (let i = 0; i < values.length; i++) into.push(values[i]);
    this.count += values.length;
    this.onValues?.(this.count);
  }

  onRestart(): void {
    this.received.length = 0;
    this.count = 0;
  }

  /** Every value received, subtask 0's first, then subtask 1's, and so on; each subtask's in its order. */
  get values(): T[] {
    const all: T[] = [];
    for (const values of this.valuesBySubtask) for (let i = 0; i < values.length; i++) all.push(values[i]);
    return all;
  }

  /** The values received from each subtask, indexed by subtask (empty for one that sent nothing). */
  get valuesBySubtask(): readonly (readonly T[])[] {
    return Array.from(this.received, (values) => values ?? []);
  }
}

class CollectSinkWriter<T> implements SinkWriter<T> {
  private batch: T[] = [];

  constructor(private readonly ctx: SinkWriterContext) {}

  write(value: T): void {
    this.batch.push(value);
    if (this.batch.length >= BATCH_SIZE) this.send();
  }

  flush(_endOfInput: boolean): void {
    if (this.batch.length > 0) this.send();
  }

  /** Values not flushed by now belong to an attempt that did not finish: the client must not see them. */
  close(): void {
    this.batch = [];
  }

  private send(): void {
    const batch = this.batch;
    this.batch = [];
    this.ctx.sendToClient(batch);
  }
}
