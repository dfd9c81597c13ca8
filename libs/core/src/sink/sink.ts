export interface SinkWriterContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly taskName: string;
  /** Delivers values to the job's client (`executeAndCollect`, collecting sinks in tests). */
  sendToClient(values: unknown[]): void;
}

/**
 * Writes one subtask's records. `write` is on the hot path and synchronous: a writer buffers, and
 * does its I/O in `flush`, which the runtime awaits at checkpoints and at the end of input.
 */
export interface SinkWriter<T> {
  write(value: T, timestamp: number | undefined): void;
  flush(endOfInput: boolean): void | Promise<void>;
  close(): void | Promise<void>;
}

export interface Sink<T> {
  createWriter(ctx: SinkWriterContext): SinkWriter<T>;
}

/** A sink whose values end up in the client process, delivered there by the runtime. */
export interface ClientSink<T> extends Sink<T> {
  readonly deliversToClient: true;
  /** Called on the client with each batch a writer sent, in order per subtask. */
  receive(values: T[], subtaskIndex: number): void;
  /**
   * The job restarts from its beginning (no checkpoint to restore): what the failed attempt
   * delivered will be delivered again, so the sink drops it.
   */
  onRestart?(): void;
}

export function isClientSink<T>(sink: Sink<T>): sink is ClientSink<T> {
  return (sink as Partial<ClientSink<T>>).deliversToClient === true;
}
