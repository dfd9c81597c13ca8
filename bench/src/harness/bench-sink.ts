/*
 * The benchmarks' sink: it drops every record (a blackhole), counting them and, for records that carry
 * an `ingestionTime`, the end-to-end latency from the source's stamp to now. Each subtask sends one
 * report to the client at the end of input. It can also be made slow (a pause every batch) to hold
 * the job under back-pressure for the memory soak.
 */
import type { ClientSink, SinkWriter, SinkWriterContext } from '@weir/core';
import { LatencyHistogram } from './latency-histogram';
import { wallClockMs } from './wall-clock';

/** What one sink subtask saw, sent to the client when its input ends. */
export interface BenchSinkReport {
  readonly subtaskIndex: number;
  readonly records: number;
  /** Latency histogram buckets as [bucket, count] (see LatencyHistogram). */
  readonly latencies: [number, number][];
  /** The largest V8 heap the sink's thread used, sampled every 64 Ki records and at the end. */
  readonly peakHeapUsedBytes: number;
  /** Wall-clock time (ms) at which the input ended: the last result is out. */
  readonly finishedAt: number;
}

export interface BenchSinkOptions {
  /** Block the subtask this long after every `batchSize` records (default 0: never). */
  readonly pauseMsPerBatch?: number;
  /** Default 1000. */
  readonly batchSize?: number;
}

/** A record the latency is measured for: stamped by the source (0: not stamped). */
interface Stamped {
  readonly ingestionTime?: number;
}

/** The job bundle has its own copy of this class, so the client finds its sink by this mark, not instanceof. */
const MARK = 'weir-bench-sink';

export class BenchSink implements ClientSink<unknown> {
  readonly deliversToClient = true;
  readonly mark = MARK;
  readonly reports: BenchSinkReport[] = [];

  constructor(readonly options: BenchSinkOptions = {}) {}

  createWriter(ctx: SinkWriterContext): SinkWriter<unknown> {
    return new BenchSinkWriter(ctx, this.options.pauseMsPerBatch ?? 0, this.options.batchSize ?? 1000);
  }

  receive(values: unknown[]): void {
    for (const report of values) this.reports.push(report as BenchSinkReport);
  }
}

/** The receiving end of a job's BenchSink on the client, if `sink` is one. */
export function asBenchSink(sink: unknown): { readonly reports: readonly BenchSinkReport[] } | undefined {
  return typeof sink === 'object' && sink !== null && (sink as { mark?: unknown }).mark === MARK
    ? (sink as BenchSink)
    : undefined;
}

class BenchSinkWriter implements SinkWriter<unknown> {
  private records = 0;
  private peakHeapUsedBytes = 0;
  private readonly latencies = new LatencyHistogram();
  private readonly pause: Int32Array | undefined;

  constructor(
    private readonly ctx: SinkWriterContext,
    private readonly pauseMs: number,
    private readonly batchSize: number,
  ) {
    // Atomics.wait on a cell nobody notifies is a sleep that blocks the thread, as a slow system would.
    this.pause = pauseMs > 0 ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  }

  write(value: unknown): void {
    const stamp = (value as Stamped).ingestionTime;
    if (stamp !== undefined && stamp > 0) this.latencies.record(wallClockMs() - stamp);
    const records = ++this.records;
    if ((records & 0xffff) === 0) this.sampleHeap();
    if (this.pause !== undefined && records % this.batchSize === 0) Atomics.wait(this.pause, 0, 0, this.pauseMs);
  }

  flush(endOfInput: boolean): void {
    if (!endOfInput) return;
    this.sampleHeap();
    const report: BenchSinkReport = {
      subtaskIndex: this.ctx.subtaskIndex,
      records: this.records,
      latencies: this.latencies.toSparse(),
      peakHeapUsedBytes: this.peakHeapUsedBytes,
      finishedAt: wallClockMs(),
    };
    this.ctx.sendToClient([report]);
  }

  close(): void {}

  private sampleHeap(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.peakHeapUsedBytes) this.peakHeapUsedBytes = used;
  }
}
