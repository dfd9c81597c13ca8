import {
  SourceReaderBase,
  WatermarkStrategy,
  type ReaderOutput,
  type Source,
  type SourceSplit,
  type SplitProgress,
} from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { SourceOperator } from './source-operator';

/** A partition whose records are their own event times; it stays open (no more yet) unless `ends`. */
interface PartitionSplit extends SourceSplit {
  readonly times: number[];
  position: number;
  readonly ends: boolean;
}

/** Reads its partitions in turn, two records of each per poll, as a Kafka reader takes its splits. */
class PartitionReader extends SourceReaderBase<number, PartitionSplit> {
  constructor() {
    super({ subtaskIndex: 0, parallelism: 1, sendSplitRequest: () => {} }, true);
  }

  protected readSplit(split: PartitionSplit, output: ReaderOutput<number>): SplitProgress {
    for (let n = 0; n < 2 && split.position < split.times.length; n++) output.collect(split.times[split.position++]);
    return split.position < split.times.length || !split.ends ? 'more' : 'finished';
  }
}

const partition = (splitId: string, times: number[], ends = false): PartitionSplit => ({
  splitId,
  times,
  position: 0,
  ends,
});

async function sourceReading(strategy: WatermarkStrategy<number>, ...partitions: PartitionSplit[]) {
  const reader = new PartitionReader();
  const source = { boundedness: 'unbounded', createReader: () => reader } as unknown as Source<unknown>;
  const operator = new SourceOperator({
    kind: 'source',
    source,
    watermarkStrategy: strategy.withTimestampAssigner((time) => time) as WatermarkStrategy<unknown>,
  });
  const harness = new OperatorTestHarness(operator, { config: { autoWatermarkIntervalMs: 100 } });
  operator.setReaderContext({ subtaskIndex: 0, parallelism: 1, sendSplitRequest: () => {} });
  await harness.open();
  operator.addSplits(partitions);
  const poll = (times: number): void => {
    for (let i = 0; i < times; i++) operator.emitNext();
  };
  return { harness, operator, poll };
}

describe('SourceOutput (watermarks per split)', () => {
  it('holds the watermark at the lowest split’s, so a partition with a backlog is not judged late', async () => {
    const { harness, poll } = await sourceReading(
      WatermarkStrategy.forMonotonousTimestamps<number>(),
      partition('current', [1000, 1001, 1002, 1003]),
      partition('backlog', [10, 11, 12, 13]),
    );
    poll(2);
    harness.setProcessingTime(100);
    // One generator over both would say 1001 − 1 and make 12 and 13 late.
    expect(harness.watermarks()).toEqual([11 - 1]);
    poll(2);
    harness.setProcessingTime(200);
    expect(harness.watermarks()).toEqual([10, 12]);
    expect(harness.records()).toEqual([1000, 1001, 10, 11, 1002, 1003, 12, 13]);
  });

  it('holds the watermark back for a split that has emitted nothing, until that split is idle', async () => {
    const { harness, poll } = await sourceReading(
      WatermarkStrategy.forMonotonousTimestamps<number>().withIdleness(300),
      partition('empty', []),
      partition('busy', [50, 60]),
    );
    poll(2);
    harness.setProcessingTime(100);
    harness.setProcessingTime(200);
    expect(harness.watermarks()).toEqual([]);
    harness.setProcessingTime(300);
    expect(harness.watermarks()).toEqual([59]);
  });

  it('no longer counts a split once it has ended', async () => {
    const { harness, poll } = await sourceReading(
      WatermarkStrategy.forMonotonousTimestamps<number>(),
      partition('ahead', [500, 501, 502, 503]),
      partition('short', [5], true),
    );
    poll(2);
    harness.setProcessingTime(100);
    expect(harness.watermarks()).toEqual([500]);
    poll(1);
    harness.setProcessingTime(200);
    expect(harness.watermarks()).toEqual([500, 502]);
  });

  it('judges idleness per split, and is idle itself only when every split is', async () => {
    const { harness, operator, poll } = await sourceReading(
      WatermarkStrategy.forMonotonousTimestamps<number>().withIdleness(300),
      partition('quiet', [7]),
      partition('lively', [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]),
    );
    const statuses = () => harness.output.flatMap((e) => (e.kind === 'status' ? [e.idle] : []));
    poll(2);
    for (let t = 100; t <= 300; t += 100) {
      harness.setProcessingTime(t);
      poll(2);
    }
    // 'quiet' holds the watermark at 6 until it has gone the timeout without records.
    expect(harness.watermarks()).toEqual([6]);
    harness.setProcessingTime(400);
    expect(harness.watermarks()).toEqual([6, 106]);
    expect(statuses()).toEqual([]);
    poll(2);
    for (let t = 500; t <= 800; t += 100) harness.setProcessingTime(t);
    expect(statuses()).toEqual([true]);
    expect(operator.recordsOut).toBe(11);
  });

  it('emits a per-event generator’s watermark as the lowest over the splits, once every split has one', async () => {
    const everyEvent = WatermarkStrategy.forGenerator<number>(() => ({
      onEvent: (_e, time, out) => out.emitWatermark(time),
      onPeriodicEmit: () => {},
    }));
    const { harness, poll } = await sourceReading(
      everyEvent,
      partition('a', [20, 30], true),
      partition('b', [10, 40], true),
    );
    poll(2);
    expect(
      harness.output.map((e) =>
        e.kind === 'record' ? `r${e.value}` : e.kind === 'watermark' ? `w${e.watermark}` : e.kind,
      ),
    ).toEqual(['r20', 'r30', 'r10', 'w10', 'r40', 'w40']);
  });
});
