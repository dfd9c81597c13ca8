import { readFileSync } from 'node:fs';
import { JobDefinitionError } from '@weir/common';
import {
  CollectSink,
  ContinuousEventTimeTrigger,
  CountTrigger,
  DeltaEvictor,
  EventTimeSessionWindows,
  EventTimeTrigger,
  OutputTag,
  ProcessingTimeSessionWindows,
  ProcessWindowFunction,
  PurgingTrigger,
  SlidingEventTimeWindows,
  TimeEvictor,
  Trigger,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  WatermarkStrategy,
  type Collector,
  type OperatorSpec,
  type TimeWindow,
  type TriggerResult,
  type Window,
} from '@weir/core';
import { StreamExecutionEnvironment, type DataStream } from './index';

const local = (parallelism = 2) => StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
const specLines = readFileSync(__filename, 'utf8').split('\n');
const at = (marker: string) =>
  `libs/api/src/windowed-stream.spec.ts:${specLines.findIndex((l) => l.endsWith(`// ${marker}`)) + 1}`;

interface Click {
  page: string;
  n: number;
  ts: number;
}
const clickTime = WatermarkStrategy.forMonotonousTimestamps<Click>().withTimestampAssigner((c) => c.ts);
const clicks: Click[] = [
  { page: 'a', n: 1, ts: 0 },
  { page: 'b', n: 10, ts: 100 },
  { page: 'a', n: 2, ts: 900 },
  { page: 'a', n: 4, ts: 1100 },
  { page: 'b', n: 20, ts: 1500 },
  { page: 'a', n: 8, ts: 2999 },
];
/** A fresh pipeline of the clicks in event time, keyed by page. */
const keyedClicks = (env = local()) =>
  env
    .fromCollection(clicks)
    .assignTimestampsAndWatermarks(clickTime)
    .keyBy((c) => c.page);
const tumbling = TumblingEventTimeWindows.of(1000);

function windowOf<T>(stream: DataStream<T>) {
  const operator = stream.node?.operator;
  if (operator?.kind !== 'window') throw new Error('not a window node');
  return operator as Extract<OperatorSpec, { kind: 'window' }>;
}

describe('WindowedStream', () => {
  describe('declaration', () => {
    it('declares one window operator named as in Flink, with the stream’s key selector', () => {
      const keyed = keyedClicks();
      const reduced = keyed.window(tumbling).reduce((a, b) => ({ ...a, n: a.n + b.n }));
      expect(reduced.node?.name).toBe('Window(TumblingEventTimeWindows, EventTimeTrigger, reduce)');
      expect(windowOf(reduced)).toMatchObject({
        keySelector: keyed.getKeySelector(),
        assigner: tumbling,
        trigger: EventTimeTrigger.create(),
        evictor: undefined,
        allowedLatenessMs: 0,
        lateDataTag: undefined,
        windowFunction: { kind: 'reduce', process: undefined },
      });
      const late = new OutputTag<Click>('late');
      const configured = keyed
        .window(SlidingEventTimeWindows.of(1000, 500))
        .trigger(PurgingTrigger.of(CountTrigger.of(5)))
        .evictor(TimeEvictor.of(100))
        .allowedLateness(2000)
        .sideOutputLateData(late)
        .process((key, ctx, elements, out: Collector<string>) => out.collect(key));
      expect(configured.node?.name).toBe('Window(SlidingEventTimeWindows, PurgingTrigger, TimeEvictor, process)');
      expect(windowOf(configured)).toMatchObject({ allowedLatenessMs: 2000, lateDataTag: 'late' });
      expect(keyed.window(tumbling).count().node?.name).toBe(
        'Window(TumblingEventTimeWindows, EventTimeTrigger, count)',
      );
    });

    it('refines windows immutably', () => {
      const windows = keyedClicks().window(tumbling);
      const counted = windows.trigger(CountTrigger.of(2));
      expect(windowOf(windows.sum('n')).trigger).toBe(EventTimeTrigger.create());
      expect(windowOf(counted.sum('n')).trigger).toEqual(CountTrigger.of(2));
    });

    it('rejects combinations that cannot work, where they are declared', () => {
      const keyed = keyedClicks();
      const sessions = keyed.window(EventTimeSessionWindows.withGap(100));
      class NonMergingTrigger extends Trigger<unknown, Window> {
        onElement(): TriggerResult {
          return 'FIRE';
        }
        onEventTime(): TriggerResult {
          return 'CONTINUE';
        }
        onProcessingTime(): TriggerResult {
          return 'CONTINUE';
        }
        clear(): void {}
      }
      const nonMerging = () => sessions.trigger(new NonMergingTrigger()); // non-merging
      expect(nonMerging).toThrow(
        `trigger() (declared at ${at('non-merging')}): EventTimeSessionWindows merges windows (session windows), ` +
          'but NonMergingTrigger cannot merge its state when they do',
      );
      expect(() => sessions.trigger(CountTrigger.of(3))).not.toThrow();
      const processingTime = keyed.window(TumblingProcessingTimeWindows.of(1000));
      expect(() => processingTime.trigger(EventTimeTrigger.create())).toThrow(
        'EventTimeTrigger fires on event time (the watermark), but TumblingProcessingTimeWindows makes windows of processing time',
      );
      expect(() => processingTime.trigger(PurgingTrigger.of(ContinuousEventTimeTrigger.of(10)))).toThrow(
        JobDefinitionError,
      );
      expect(() => keyed.window(ProcessingTimeSessionWindows.withGap(5)).trigger(EventTimeTrigger.create())).toThrow(
        JobDefinitionError,
      );
      const negative = () => keyed.window(tumbling).allowedLateness(-1); // negative lateness
      expect(negative).toThrow(
        `allowedLateness() (declared at ${at('negative lateness')}): the allowed lateness must be a whole number of ` +
          'milliseconds, 0 or more, not -1.',
      );
      expect(() => keyed.window({} as never)).toThrow('window() (declared at');
      expect(() => keyed.window(tumbling).evictor({} as never)).toThrow('expects an Evictor');
      expect(() => keyed.window(tumbling).sideOutputLateData('late' as never)).toThrow('expects an OutputTag');
      expect(() => keyed.window(tumbling).aggregate({ add: () => 0 } as never)).toThrow(
        'expects an object with createAccumulator(), add(), getResult(), merge(), not an object (it has no ' +
          'createAccumulator(), getResult(), merge())',
      );
      expect(() => keyed.window(tumbling).sum('' as never)).toThrow('expects the name of a numeric field');
    });

    it('ignores allowed lateness on processing-time windows, as Flink does', () => {
      const stream = keyedClicks().window(TumblingProcessingTimeWindows.of(1000)).allowedLateness(500).count();
      expect(windowOf(stream).allowedLatenessMs).toBe(0);
    });
  });

  describe('evaluation', () => {
    it('reduce, aggregate, process and the field aggregations, per key and window', async () => {
      const [reduced, averaged, listed, summed, minimum, maximum, counted] = await Promise.all([
        keyedClicks()
          .window(tumbling)
          .reduce((a, b) => ({ ...a, n: a.n + b.n }))
          .executeAndCollect(),
        keyedClicks()
          .window(tumbling)
          .aggregate({
            createAccumulator: () => ({ sum: 0, count: 0 }),
            add: (c, acc) => ({ sum: acc.sum + c.n, count: acc.count + 1 }),
            getResult: (acc) => acc.sum / acc.count,
            merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
          })
          .executeAndCollect(),
        keyedClicks()
          .window(tumbling)
          .process((page, ctx, elements, out: Collector<string>) =>
            out.collect(`${page} ${ctx.window.start}-${ctx.window.end}: ${[...elements].map((c) => c.n).join(',')}`),
          )
          .executeAndCollect(),
        keyedClicks().window(tumbling).sum('n').executeAndCollect(),
        keyedClicks().window(tumbling).min('n').executeAndCollect(),
        keyedClicks().window(tumbling).maxBy('n').executeAndCollect(),
        keyedClicks().window(tumbling).count().executeAndCollect(),
      ]);
      expect(reduced.map((c) => `${c.page}:${c.n}@${c.ts}`).sort()).toEqual([
        'a:3@0',
        'a:4@1100',
        'a:8@2999',
        'b:10@100',
        'b:20@1500',
      ]);
      expect(averaged.sort((a, b) => a - b)).toEqual([1.5, 4, 8, 10, 20]);
      expect(listed.sort()).toEqual([
        'a 0-1000: 1,2',
        'a 1000-2000: 4',
        'a 2000-3000: 8',
        'b 0-1000: 10',
        'b 1000-2000: 20',
      ]);
      expect(summed.map((c) => [c.page, c.n, c.ts]).sort()).toEqual([
        ['a', 3, 0],
        ['a', 4, 1100],
        ['a', 8, 2999],
        ['b', 10, 100],
        ['b', 20, 1500],
      ]);
      expect(minimum.map((c) => c.n).sort((a, b) => a - b)).toEqual([1, 4, 8, 10, 20]);
      expect(maximum.map((c) => c.ts).sort((a, b) => a - b)).toEqual([100, 900, 1100, 1500, 2999]);
      expect(counted.sort()).toEqual([1, 1, 1, 1, 2]);
    });

    it('a window function after reduce or aggregate sees the one pre-aggregated value and the window', async () => {
      class Describe extends ProcessWindowFunction<number, string, string, TimeWindow> {
        process(
          page: string,
          ctx: ProcessWindowFunction.Context<TimeWindow>,
          values: Iterable<number>,
          out: Collector<string>,
        ) {
          out.collect(`${page}@${ctx.window.start}=${[...values].join('|')}`);
        }
      }
      const [fromReduce, fromAggregate] = await Promise.all([
        keyedClicks()
          .map((c) => ({ page: c.page, n: c.n }))
          .keyBy((c) => c.page)
          .window(tumbling)
          .reduce(
            (a, b) => ({ page: a.page, n: a.n + b.n }),
            (page, ctx, values, out: Collector<string>) => {
              for (const v of values) out.collect(`${page}@${ctx.window.start}=${v.n}`);
            },
          )
          .executeAndCollect(),
        keyedClicks()
          .window(tumbling)
          .aggregate(
            { createAccumulator: () => 0, add: (c, acc) => acc + c.n, getResult: (acc) => acc, merge: (a, b) => a + b },
            new Describe(),
          )
          .executeAndCollect(),
      ]);
      const expected = ['a@0=3', 'a@1000=4', 'a@2000=8', 'b@0=10', 'b@1000=20'];
      expect(fromReduce.sort()).toEqual(expected);
      expect(fromAggregate.sort()).toEqual(expected);
    });

    it('late elements go to the side output; allowed lateness fires the window again', async () => {
      const env = local(1);
      const late = new OutputTag<Click>('late');
      const events: Click[] = [
        { page: 'a', n: 1, ts: 100 },
        { page: 'a', n: 2, ts: 2500 },
        { page: 'a', n: 4, ts: 900 },
        { page: 'a', n: 8, ts: 3500 },
        { page: 'a', n: 16, ts: 200 },
      ];
      // One watermark per element (its timestamp): so lateness depends only on the order above.
      const perEvent = WatermarkStrategy.forGenerator<Click>(() => ({
        onEvent: (_e, ts, output) => output.emitWatermark(ts),
        onPeriodicEmit: () => undefined,
      })).withTimestampAssigner((c) => c.ts);
      const sums = env
        .fromCollection(events)
        .assignTimestampsAndWatermarks(perEvent)
        .keyBy((c) => c.page)
        .window(tumbling)
        .allowedLateness(2000)
        .sideOutputLateData(late)
        .sum('n');
      const onTime = new CollectSink<Click>();
      sums.sinkTo(onTime);
      const tooLate = await sums.getSideOutput(late).executeAndCollect();
      expect(onTime.values.map((c) => c.n)).toEqual([1, 5, 2, 8]);
      expect(tooLate.map((c) => c.n)).toEqual([16]);
    });

    it('session windows merge and evictors remove elements before the function', async () => {
      const [sessions, evicted] = await Promise.all([
        keyedClicks()
          .window(EventTimeSessionWindows.withGap(300))
          .process((page, ctx, elements, out: Collector<string>) =>
            out.collect(`${page} ${ctx.window.start}-${ctx.window.end} ${[...elements].length}`),
          )
          .executeAndCollect(),
        keyedClicks()
          .window(tumbling)
          .evictor(DeltaEvictor.of(1.5, (a: Click, b: Click) => Math.abs(a.n - b.n)))
          .process((page, ctx, elements, out: Collector<number[]>) => out.collect([...elements].map((c) => c.n)))
          .executeAndCollect(),
      ]);
      expect(sessions.sort()).toEqual(['a 0-300 1', 'a 2999-3299 1', 'a 900-1400 2', 'b 100-400 1', 'b 1500-1800 1']);
      expect(evicted.map((ns) => ns.join(',')).sort()).toEqual(['1,2', '10', '20', '4', '8']);
    });
  });

  describe('windowAll', () => {
    it('is one window operator without a key, at parallelism 1', () => {
      const env = local(4);
      const all = env.fromCollection(clicks).assignTimestampsAndWatermarks(clickTime).windowAll(tumbling).sum('n');
      expect(all.node?.name).toBe('Window(TumblingEventTimeWindows, EventTimeTrigger, sum)');
      expect(windowOf(all).keySelector).toBeUndefined();
      expect(env.getStreamGraph().parallelismOf(all.node!)).toBe(1);
      const four = () => all.setParallelism(4); // windowAll parallelism
      expect(four).toThrow(
        `setParallelism(4) (declared at ${at('windowAll parallelism')}): 'Window(TumblingEventTimeWindows, ` +
          "EventTimeTrigger, sum)' is a windowAll operator, which sees the whole stream and so runs with parallelism 1",
      );
      expect(all.setParallelism(1).node?.parallelism).toBe(1);
    });

    it('evaluates windows over the whole stream', async () => {
      const allClicks = () =>
        local(3).fromCollection(clicks).assignTimestampsAndWatermarks(clickTime).windowAll(tumbling);
      const [counts, described, reduced, aggregated] = await Promise.all([
        allClicks().count().executeAndCollect(),
        allClicks()
          .process((ctx, elements, out: Collector<string>) =>
            out.collect(`${ctx.window.start}:${[...elements].length}`),
          )
          .executeAndCollect(),
        allClicks()
          .reduce(
            (a, b) => ({ ...a, n: a.n + b.n }),
            (ctx, values, out: Collector<string>) => {
              for (const v of values) out.collect(`${ctx.window.start}=${v.n}`);
            },
          )
          .executeAndCollect(),
        allClicks()
          .trigger(EventTimeTrigger.create())
          .aggregate({
            createAccumulator: () => 0,
            add: (c, acc) => acc + c.n,
            getResult: (a) => a,
            merge: (a, b) => a + b,
          })
          .executeAndCollect(),
      ]);
      expect(counts).toEqual([3, 2, 1]);
      expect(described).toEqual(['0:3', '1000:2', '2000:1']);
      expect(reduced).toEqual(['0=13', '1000=24', '2000=8']);
      expect(aggregated).toEqual([13, 24, 8]);
    });
  });
});
