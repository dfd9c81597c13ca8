import type { SinkWriterContext } from '@weir/core';
import { asBenchSink, BenchSink, type BenchSinkReport } from './bench-sink';
import { wallClockMs } from './wall-clock';

function writerContext(sent: unknown[][]): SinkWriterContext {
  return { subtaskIndex: 1, parallelism: 2, taskName: 'blackhole', sendToClient: (values) => sent.push(values) };
}

describe('BenchSink', () => {
  it('counts every record, measures latency of stamped ones, and reports once at the end of input', () => {
    const sent: unknown[][] = [];
    const writer = new BenchSink().createWriter(writerContext(sent));
    writer.write({ ingestionTime: wallClockMs() - 5 }, undefined);
    writer.write({ ingestionTime: 0 }, undefined);
    writer.write('a word', undefined);
    writer.flush(false);
    expect(sent).toEqual([]);
    writer.flush(true);
    expect(sent).toHaveLength(1);
    const [report] = sent[0] as BenchSinkReport[];
    expect(report.subtaskIndex).toBe(1);
    expect(report.records).toBe(3);
    expect(report.latencies).toHaveLength(1);
    const [bucket, count] = report.latencies[0];
    expect(count).toBe(1);
    expect(bucket).toBeGreaterThanOrEqual(50); // at least 5 ms, in 0.1 ms buckets
    expect(report.peakHeapUsedBytes).toBeGreaterThan(0);
    expect(Math.abs(report.finishedAt - wallClockMs())).toBeLessThan(1000);
  });

  it('collects the reports on the client, where it is found by its mark', () => {
    const sink = new BenchSink();
    const report: BenchSinkReport = { subtaskIndex: 0, records: 7, latencies: [], peakHeapUsedBytes: 1, finishedAt: 2 };
    sink.receive([report]);
    expect(asBenchSink(sink)?.reports).toEqual([report]);
    // A copy of the class from a job bundle is not `instanceof` this one, but has the same mark.
    expect(asBenchSink({ ...sink, reports: [] })).toBeDefined();
    expect(asBenchSink({ receive: () => undefined })).toBeUndefined();
  });

  it('pauses the subtask after every batch when made slow', () => {
    const writer = new BenchSink({ pauseMsPerBatch: 20, batchSize: 2 }).createWriter(writerContext([]));
    const start = performance.now();
    for (let i = 0; i < 4; i++) writer.write(i, undefined);
    expect(performance.now() - start).toBeGreaterThanOrEqual(38);
  });
});
