import { inspect, type InspectOptions } from 'node:util';
import type { Sink, SinkWriter, SinkWriterContext } from './sink';

/** Lines are written in chunks of about this many characters, not one write per record. */
const CHUNK_CHARS = 64 * 1024;

const INSPECT_OPTIONS: InspectOptions = { compact: true, breakLength: Infinity, depth: 4 };

/**
 * The sink behind `DataStream.print(prefix?)`: one line per record on stdout (or stderr), as Flink
 * prints them: `prefix:subtask> value` when the sink runs in parallel (the subtask counted from 1),
 * `prefix> value` when it does not, without the prefix part when there is none. Strings are printed
 * as they are, anything else with util.inspect on one line.
 */
export class PrintSink<T> implements Sink<T> {
  constructor(
    private readonly prefix?: string,
    private readonly toStderr = false,
  ) {}

  createWriter(ctx: SinkWriterContext): SinkWriter<T> {
    return new PrintSinkWriter<T>(linePrefix(this.prefix, ctx), this.toStderr ? process.stderr : process.stdout);
  }
}

function linePrefix(prefix: string | undefined, ctx: SinkWriterContext): string {
  const hasPrefix = prefix !== undefined && prefix !== '';
  if (ctx.parallelism > 1) return hasPrefix ? `${prefix}:${ctx.subtaskIndex + 1}> ` : `${ctx.subtaskIndex + 1}> `;
  return hasPrefix ? `${prefix}> ` : '';
}

class PrintSinkWriter<T> implements SinkWriter<T> {
  private pending = '';

  constructor(
    private readonly prefix: string,
    private readonly stream: NodeJS.WritableStream,
  ) {}

  write(value: T): void {
    const text = typeof value === 'string' ? value : inspect(value, INSPECT_OPTIONS);
    this.pending += this.prefix + text + '\n';
    if (this.pending.length >= CHUNK_CHARS) this.stream.write(this.take());
  }

  /**
   * Hands the lines to the stream; when its buffer is full, waits for it to drain, so a slow
   * terminal or pipe holds the job back instead of filling memory. (Not the write callback: some
   * streams, such as a test runner's, never call it.)
   */
  flush(_endOfInput: boolean): Promise<void> | void {
    if (this.pending.length === 0) return;
    if (this.stream.write(this.take())) return;
    return new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  /** A canceled or failed job still shows what it printed before it stopped. */
  close(): void {
    if (this.pending.length > 0) this.stream.write(this.take());
  }

  private take(): string {
    const chunk = this.pending;
    this.pending = '';
    return chunk;
  }
}
