import { MAX_WATERMARK } from '@weir/common';
import {
  WatermarkStrategy,
  type InputStatus,
  type ReaderOutput,
  type Source,
  type SourceReader,
  type SourceSplit,
} from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { SourceOperator } from './source-operator';

/** A reader that emits the batches it is told to, one batch per poll. */
class ScriptedReader implements SourceReader<number, SourceSplit> {
  batches: number[][] = [];
  start(): void {}
  pollNext(output: ReaderOutput<number>): InputStatus {
    const batch = this.batches.shift();
    if (batch === undefined) return 'nothing-available';
    for (const n of batch) output.collect(n, n * 10);
    return this.batches.length > 0 ? 'more-available' : 'nothing-available';
  }
  isAvailable(): Promise<void> {
    return Promise.resolve();
  }
  addSplits(): void {}
  notifyNoMoreSplits(): void {}
  snapshotState(): SourceSplit[] {
    return [];
  }
  close(): void {}
}

function sourceWith(strategy: WatermarkStrategy<number>, interval = 200) {
  const reader = new ScriptedReader();
  const source = { boundedness: 'bounded', createReader: () => reader } as unknown as Source<unknown>;
  const operator = new SourceOperator({
    kind: 'source',
    source,
    watermarkStrategy: strategy as WatermarkStrategy<unknown>,
  });
  const harness = new OperatorTestHarness(operator, { config: { autoWatermarkIntervalMs: interval } });
  operator.setReaderContext({ subtaskIndex: 0, parallelism: 1, sendSplitRequest: () => {} });
  return { harness, operator, reader };
}

describe('SourceOperator', () => {
  it('takes timestamps from the reader, or from the assigner given the reader’s, and counts records', async () => {
    const plain = sourceWith(WatermarkStrategy.noWatermarks());
    await plain.harness.open();
    plain.reader.batches.push([1, 2]);
    plain.operator.emitNext();
    expect(plain.harness.recordsWithTimestamps()).toEqual([
      { value: 1, timestamp: 10 },
      { value: 2, timestamp: 20 },
    ]);

    const assigned = sourceWith(
      WatermarkStrategy.noWatermarks<number>().withTimestampAssigner((n, previous) => previous! + n),
    );
    await assigned.harness.open();
    assigned.reader.batches.push([3]);
    assigned.operator.emitNext();
    expect(assigned.harness.recordsWithTimestamps()).toEqual([{ value: 3, timestamp: 33 }]);
    expect(assigned.operator.recordsOut).toBe(1);
  });

  it('emits bounded-out-of-orderness watermarks periodically, only forward, and +∞ at the end', async () => {
    const { harness, operator, reader } = sourceWith(WatermarkStrategy.forBoundedOutOfOrderness<number>(5));
    await harness.open();
    reader.batches.push([3, 9, 4]);
    operator.emitNext();
    expect(harness.watermarks()).toEqual([]);
    harness.setProcessingTime(200);
    expect(harness.watermarks()).toEqual([90 - 5 - 1]);
    reader.batches.push([1]);
    operator.emitNext();
    harness.setProcessingTime(400);
    expect(harness.watermarks()).toEqual([84]);
    operator.endOfInput();
    expect(harness.watermarks()).toEqual([84, MAX_WATERMARK]);
  });

  it('emits a generator’s per-event watermark right after the event that made it', async () => {
    const everyEvent = WatermarkStrategy.forGenerator<number>(() => ({
      onEvent: (_e, ts, out) => out.emitWatermark(ts),
      onPeriodicEmit: () => {},
    }));
    const { harness, operator, reader } = sourceWith(everyEvent);
    await harness.open();
    reader.batches.push([1, 2]);
    operator.emitNext();
    expect(
      harness.output.map((e) =>
        e.kind === 'record' ? `r${e.value}` : e.kind === 'watermark' ? `w${e.watermark}` : e.kind,
      ),
    ).toEqual(['r1', 'w10', 'r2', 'w20']);
  });

  it('marks itself idle after the idle timeout without records, and active again on the next record', async () => {
    const strategy = WatermarkStrategy.forMonotonousTimestamps<number>().withIdleness(500);
    const { harness, operator, reader } = sourceWith(strategy, 100);
    await harness.open();
    reader.batches.push([1]);
    operator.emitNext();
    for (let t = 100; t <= 500; t += 100) harness.setProcessingTime(t);
    expect(harness.output.filter((e) => e.kind === 'status')).toEqual([]);
    harness.setProcessingTime(600);
    expect(harness.output.filter((e) => e.kind === 'status')).toEqual([{ kind: 'status', idle: true }]);
    reader.batches.push([2]);
    operator.emitNext();
    const tail = harness.output.slice(-2);
    expect(tail).toEqual([
      { kind: 'status', idle: false },
      { kind: 'record', value: 2, timestamp: 20 },
    ]);
  });

  it('under watermark alignment reports its watermark each update interval and reads nothing past its allowance', async () => {
    const strategy = WatermarkStrategy.forMonotonousTimestamps<number>().withWatermarkAlignment('g', 100, 300);
    const { harness, operator, reader } = sourceWith(strategy, 100);
    const reports: number[] = [];
    operator.setWatermarkReporter((w) => reports.push(w));
    expect(operator.alignsWatermarks).toBe(true);
    await harness.open();
    reader.batches.push([1], [30], [50]);
    operator.emitNext();
    harness.setProcessingTime(300);
    // Watermark 9 (10 − 1) is out; no allowance yet, so nothing holds the source back.
    expect(reports).toEqual([9]);
    operator.allowWatermark(5);
    expect(operator.emitNext()).toBe('nothing-available');
    let resumed = false;
    void operator.isAvailable().then(() => (resumed = true));
    await Promise.resolve();
    expect(resumed).toBe(false);
    expect(harness.records()).toEqual([1]);
    operator.allowWatermark(109);
    await Promise.resolve();
    expect(resumed).toBe(true);
    expect(operator.emitNext()).toBe('more-available');
    expect(harness.records()).toEqual([1, 30]);
    operator.endOfInput();
    expect(reports.at(-1)).toBe(MAX_WATERMARK);
  });

  it('under watermark alignment reports its first watermark at once, and reads no further than the drift past it unanswered', async () => {
    const everyEvent = WatermarkStrategy.forGenerator<number>(() => ({
      onEvent: (_e, ts, out) => out.emitWatermark(ts),
      onPeriodicEmit: () => {},
    })).withWatermarkAlignment('g', 100, 1_000);
    const { harness, operator, reader } = sourceWith(everyEvent);
    const reports: number[] = [];
    operator.setWatermarkReporter((w) => reports.push(w));
    await harness.open();
    reader.batches.push([1], [5], [12], [20]);
    operator.emitNext();
    expect(reports).toEqual([]);
    // Watermark 10 is out: the next poll reports it first, long before the update interval.
    operator.emitNext();
    expect(reports).toEqual([10]);
    // No allowance has come: 10 + 100 is as far as it goes (watermark 120 is past it).
    operator.emitNext();
    expect(operator.emitNext()).toBe('nothing-available');
    expect(harness.records()).toEqual([1, 5, 12]);
    operator.allowWatermark(1_000);
    operator.emitNext();
    expect(harness.records()).toEqual([1, 5, 12, 20]);
  });
});
