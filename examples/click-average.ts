/**
 * API.md's click-average job, on generated clicks instead of Kafka: the average click count per
 * page in one-second event-time windows. Some clicks arrive out of order (within the two-second
 * bound: still counted), a few much later: those within the allowed lateness fire their window
 * again with the corrected average, the rest go to the 'late-clicks' side output, printed apart.
 *
 *   weir run examples/click-average.ts [--count 200]
 */
import {
  DataGeneratorSource,
  OutputTag,
  Time,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  defineJob,
  type AggregateFunction,
  type Collector,
  type DataStream,
  type StreamExecutionEnvironment,
} from '@weir/api';

export interface Click {
  page: string;
  /** How many times the page was clicked in this event. */
  count: number;
  /** Event time, in ms. */
  ts: number;
}

export interface PageAverage {
  page: string;
  windowEnd: number;
  average: number;
}

export const PAGES = ['/home', '/search', '/cart'];
export const OUT_OF_ORDERNESS = Time.seconds(2);
export const ALLOWED_LATENESS = Time.milliseconds(500);
export const LATE_CLICKS = new OutputTag<Click>('late-clicks');

/**
 * The i-th click: ten a second, in order but for every 7th, which is 1.5 s behind (within the
 * bound), and every 13th from the 40th on, which is 3.5 s behind (beyond it).
 */
export function click(i: number): Click {
  const delay = i % 13 === 0 && i >= 40 ? 3500 : i % 7 === 0 && i >= 15 ? 1500 : 0;
  return { page: PAGES[i % PAGES.length], count: 1 + ((i * 7) % 5), ts: i * 100 - delay };
}

/** The average click count of a window, from a running sum and count. */
export const AVERAGE: AggregateFunction<Click, { sum: number; n: number }, number> = {
  createAccumulator: () => ({ sum: 0, n: 0 }),
  add: (c, acc) => ({ sum: acc.sum + c.count, n: acc.n + 1 }),
  getResult: (acc) => acc.sum / acc.n,
  merge: (a, b) => ({ sum: a.sum + b.sum, n: a.n + b.n }),
};

/**
 * Bounded out-of-orderness, but with the watermark advanced after every event rather than every
 * 200 ms, so which clicks are late depends on the data alone, not on how fast the machine runs.
 */
function afterEveryEvent<T>(strategy: WatermarkStrategy<T>): WatermarkStrategy<T> {
  return WatermarkStrategy.forGenerator<T>(() => {
    const generator = strategy.createWatermarkGenerator();
    return {
      onEvent(event, timestamp, output) {
        generator.onEvent(event, timestamp, output);
        generator.onPeriodicEmit(output);
      },
      onPeriodicEmit() {},
    };
  });
}

/** The job without its sinks: the averages; the late clicks are its side output LATE_CLICKS. */
export function clickAverages(env: StreamExecutionEnvironment, count: number): DataStream<PageAverage> {
  const watermarks = afterEveryEvent(WatermarkStrategy.forBoundedOutOfOrderness<Click>(OUT_OF_ORDERNESS));
  return (
    env
      .fromSource(
        new DataGeneratorSource({ generate: click, count }),
        watermarks.withTimestampAssigner((c) => c.ts),
        'clicks',
      )
      // One reader: with several, the watermark is the slowest reader's, and how far the others
      // got when a click arrives would decide whether it is late.
      .setParallelism(1)
      .keyBy((c) => c.page)
      .window(TumblingEventTimeWindows.of(Time.seconds(1)))
      .allowedLateness(ALLOWED_LATENESS)
      .sideOutputLateData(LATE_CLICKS)
      .aggregate(AVERAGE, (page, ctx, averages, out: Collector<PageAverage>) => {
        for (const average of averages) out.collect({ page, windowEnd: ctx.window.end, average });
      })
  );
}

export default defineJob({ name: 'click-average' }, (env, args) => {
  const averages = clickAverages(env, Number(args.count ?? 200));
  averages.print('average');
  averages.getSideOutput(LATE_CLICKS).print('late');
});
