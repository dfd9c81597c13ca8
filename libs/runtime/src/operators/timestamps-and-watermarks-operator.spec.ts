import { MAX_WATERMARK, NO_TIMESTAMP, RecordError } from '@weir/common';
import { WatermarkStrategy, type WatermarkOutput } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { TimestampsAndWatermarksOperator } from './timestamps-and-watermarks-operator';

interface Event {
  ts: number;
}

async function open(
  strategy: WatermarkStrategy<Event>,
  autoWatermarkIntervalMs = 100,
): Promise<OperatorTestHarness<Event>> {
  const operator = new TimestampsAndWatermarksOperator({
    kind: 'timestampsAndWatermarks',
    watermarkStrategy: strategy as WatermarkStrategy<unknown>,
  });
  const harness = new OperatorTestHarness<Event>(operator, { config: { autoWatermarkIntervalMs } });
  await harness.open();
  return harness;
}

/** Emits a watermark at each event's timestamp, from onEvent only. */
const punctuated = WatermarkStrategy.forGenerator<Event>(() => ({
  onEvent: (_e: Event, ts: number, out: WatermarkOutput) => out.emitWatermark(ts),
  onPeriodicEmit: () => {},
})).withTimestampAssigner((e) => e.ts);

describe('TimestampsAndWatermarksOperator', () => {
  it('gives each record the assigned timestamp; the assigner sees the previous one, if any', async () => {
    const seen: (number | undefined)[] = [];
    const harness = await open(
      WatermarkStrategy.noWatermarks<Event>().withTimestampAssigner((e, previous) => {
        seen.push(previous);
        return e.ts;
      }),
    );
    harness.processElement({ ts: 5 });
    harness.processElement({ ts: 6 }, 1);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: { ts: 5 }, timestamp: 5 },
      { value: { ts: 6 }, timestamp: 6 },
    ]);
    expect(seen).toEqual([undefined, 1]);
  });

  it('keeps the record timestamps when the strategy has no assigner', async () => {
    const harness = await open(WatermarkStrategy.forMonotonousTimestamps<Event>());
    harness.processElement({ ts: 0 }, 42);
    expect(harness.recordsWithTimestamps()).toEqual([{ value: { ts: 0 }, timestamp: 42 }]);
  });

  it('emits a record before the watermark its own onEvent produces, and watermarks only forward', async () => {
    const harness = await open(punctuated);
    harness.processElement({ ts: 10 });
    harness.processElement({ ts: 8 });
    harness.processElement({ ts: 12 });
    expect(harness.output).toEqual([
      { kind: 'record', value: { ts: 10 }, timestamp: 10 },
      { kind: 'watermark', watermark: 10 },
      { kind: 'record', value: { ts: 8 }, timestamp: 8 },
      { kind: 'record', value: { ts: 12 }, timestamp: 12 },
      { kind: 'watermark', watermark: 12 },
    ]);
  });

  it('emits periodically every auto-watermark interval', async () => {
    const strategy = WatermarkStrategy.forBoundedOutOfOrderness<Event>(10).withTimestampAssigner((e) => e.ts);
    const harness = await open(strategy);
    harness.processElement({ ts: 100 });
    harness.processElement({ ts: 150 });
    harness.processElement({ ts: 120 });
    expect(harness.watermarks()).toEqual([]);
    harness.setProcessingTime(99);
    expect(harness.watermarks()).toEqual([]);
    harness.setProcessingTime(100);
    expect(harness.watermarks()).toEqual([139]);
    harness.processElement({ ts: 200 });
    harness.setProcessingTime(150);
    expect(harness.watermarks()).toEqual([139]);
    harness.setProcessingTime(200);
    expect(harness.watermarks()).toEqual([139, 189]);
  });

  it('ignores upstream watermarks and idleness, except the final watermark, which it forwards once', async () => {
    const harness = await open(punctuated);
    harness.processElement({ ts: 10 });
    harness.processWatermark(1000);
    harness.processWatermarkStatus(true);
    harness.processWatermark(MAX_WATERMARK);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.output).toEqual([
      { kind: 'record', value: { ts: 10 }, timestamp: 10 },
      { kind: 'watermark', watermark: 10 },
      { kind: 'watermark', watermark: MAX_WATERMARK },
    ]);
  });

  it('marks the output idle when no record came for the idle timeout, and active with the next record', async () => {
    const strategy = WatermarkStrategy.forMonotonousTimestamps<Event>()
      .withTimestampAssigner((e) => e.ts)
      .withIdleness(250);
    const harness = await open(strategy);
    harness.processElement({ ts: 1000 });
    for (let t = 100; t <= 500; t += 100) harness.setProcessingTime(t);
    harness.setProcessingTime(550);
    harness.processElement({ ts: 2000 });
    harness.setProcessingTime(600);
    expect(harness.output).toEqual([
      { kind: 'record', value: { ts: 1000 }, timestamp: 1000 },
      { kind: 'watermark', watermark: 999 },
      { kind: 'status', idle: true },
      { kind: 'status', idle: false },
      { kind: 'record', value: { ts: 2000 }, timestamp: 2000 },
      { kind: 'watermark', watermark: 1999 },
    ]);
  });

  it('emits one last periodic watermark on finish, and nothing after', async () => {
    const strategy = WatermarkStrategy.forMonotonousTimestamps<Event>().withTimestampAssigner((e) => e.ts);
    const harness = await open(strategy);
    harness.processElement({ ts: 50 });
    await harness.finish();
    expect(harness.watermarks()).toEqual([49]);
    expect(harness.processingTimeService.numPendingCallbacks()).toBe(0);
    harness.setProcessingTime(1000);
    await harness.close();
    expect(harness.watermarks()).toEqual([49]);
  });

  it('schedules no periodic emit for a stream without watermarks', async () => {
    const harness = await open(WatermarkStrategy.noWatermarks<Event>());
    expect(harness.processingTimeService.numPendingCallbacks()).toBe(0);
    harness.processElement({ ts: 1 }, 1);
    await harness.finish();
    expect(harness.watermarks()).toEqual([]);
  });

  it('refuses a timestamp that is not a number, naming the operator', async () => {
    const harness = await open(WatermarkStrategy.noWatermarks<Event>().withTimestampAssigner((e) => e.ts));
    expect(() => harness.processElement({} as Event, NO_TIMESTAMP)).toThrow(
      new RecordError(
        "The timestamp assigner of operator 'test-operator' returned undefined for a record; it must return the " +
          'event time in milliseconds as a number.',
      ),
    );
  });
});
