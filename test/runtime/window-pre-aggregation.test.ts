/**
 * Window pre-aggregation end to end: a tumbling event-time window, or a sliding one that runs as
 * slices, fed through a shuffle gets a pre-aggregation chained to its sender, and its results (on
 * time, late within the allowed lateness, and dropped beyond it) are exactly those of the same window
 * without one, at every parallelism.
 * The window's input comes from one source subtask, so which records are late does not depend on
 * timing, and the runs can be compared record for record.
 */
import {
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  type AggregateFunction,
  type Collector,
  type DataStream,
} from '@weir/api';
import { JobGraph } from '@weir/runtime';

interface Click {
  id: number;
  page: string;
  ms: number;
  ts: number;
}

interface PageStats {
  clicks: number;
  totalMs: number;
}

/**
 * 3,000 clicks on 12 pages; timestamps mostly rising, with every 7th click 150 ms behind and every
 * 50th 400 ms behind, so some are late within the allowed lateness and some beyond it.
 */
const CLICKS: Click[] = Array.from({ length: 3000 }, (_, i) => ({
  id: i,
  page: `p${(i * 7919) % 12}`,
  ms: (i * 31) % 97,
  ts: i * 5 - (i % 50 === 0 ? 400 : i % 7 === 0 ? 150 : 0),
}));

/** A watermark after every click, so results do not depend on when periodic watermarks come. */
const everyClick = WatermarkStrategy.forGenerator<Click>(() => {
  let max = Number.NEGATIVE_INFINITY;
  return {
    onEvent: (_click, timestamp, output) => {
      max = Math.max(max, timestamp);
      output.emitWatermark(max - 20);
    },
    onPeriodicEmit: () => {},
  };
}).withTimestampAssigner((c) => c.ts);

class Stats implements AggregateFunction<Click, PageStats, PageStats> {
  createAccumulator(): PageStats {
    return { clicks: 0, totalMs: 0 };
  }
  add(click: Click, acc: PageStats): PageStats {
    acc.clicks++;
    acc.totalMs += click.ms;
    return acc;
  }
  getResult(acc: PageStats): PageStats {
    return acc;
  }
  merge(a: PageStats, b: PageStats): PageStats {
    return { clicks: a.clicks + b.clicks, totalMs: a.totalMs + b.totalMs };
  }
}

function statsPerPage(parallelism: number, options: { preAggregate: boolean }) {
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
  const clicks = env.fromCollection(CLICKS).assignTimestampsAndWatermarks(everyClick).setParallelism(1);
  // A sender that refuses chaining gets no pre-aggregation (one would cost a network hop of its own).
  const senders: DataStream<Click> = options.preAggregate ? clicks : clicks.disableChaining();
  const stats = senders
    .keyBy((c) => c.page)
    .window(TumblingEventTimeWindows.of(100))
    .allowedLateness(200)
    .aggregate(new Stats(), (page, ctx, [s], out: Collector<string>) => {
      out.collect(`${page} [${ctx.window.start}] ${s.clicks} clicks, ${s.totalMs} ms`);
    })
    .name('stats');
  const sums = senders
    .keyBy((c) => c.page)
    .window(TumblingEventTimeWindows.of(250))
    .sum('ms')
    .name('sums')
    .map((c) => `${c.page} ${c.ms} ms`);
  // Sliding: pre-aggregated per 100 ms slice. No allowed lateness, so late clicks are dropped per window.
  const recent = senders
    .keyBy((c) => c.page)
    .window(SlidingEventTimeWindows.of(300, 100))
    .aggregate(new Stats(), (page, ctx, [s], out: Collector<string>) => {
      out.collect(`${page} recent [${ctx.window.start}] ${s.clicks} clicks, ${s.totalMs} ms`);
    })
    .name('recent');
  // Clicks in order, from parallel senders: none is late, so the windowAll's results do not depend on
  // how the senders' watermarks interleave.
  const slowest = senders
    .filter((c) => c.ts === c.id * 5)
    .windowAll(TumblingEventTimeWindows.of(500))
    // Ties go to the earlier click, so the result does not depend on the order the senders' records arrive in.
    .reduce((a, b) => (b.ms > a.ms || (b.ms === a.ms && b.id < a.id) ? b : a))
    .name('slowest')
    .map((c) => `slowest ${c.page} ${c.ms} ms at ${c.ts}`);
  // The same over sliding windows, which run as slices: the windowAll's pre-aggregation sends a partial per slice.
  const recentSlowest = senders
    .filter((c) => c.ts === c.id * 5)
    .windowAll(SlidingEventTimeWindows.of(1500, 500))
    .reduce((a, b) => (b.ms > a.ms || (b.ms === a.ms && b.id < a.id) ? b : a))
    .name('recent-slowest')
    .map((c) => `recent slowest ${c.page} ${c.ms} ms at ${c.ts}`);
  return { env, results: stats.union(sums, recent, slowest, recentSlowest) };
}

describe('window pre-aggregation', () => {
  it('chains a pre-aggregation to the sender of each tumbling or sliced window, windowAll too', () => {
    const { env, results } = statsPerPage(2, { preAggregate: true });
    results.print();
    const jobGraph = JobGraph.fromStreamGraph(env.getStreamGraph());
    expect(jobGraph.vertices.map((v) => v.name)).toEqual([
      'Source: Collection Source -> Timestamps/Watermarks -> Pre-aggregate (stats) -> Pre-aggregate (sums) -> Pre-aggregate (recent)',
      'stats',
      'sums -> Map',
      'recent',
      'Filter -> Pre-aggregate (slowest)',
      'slowest',
      'Map',
      'Filter -> Pre-aggregate (recent-slowest)',
      'recent-slowest',
      'Map',
      'Sink: Print to Std. Out',
    ]);
  });

  it.each([1, 2, 4])('gives exactly the results of the windows without it at parallelism %i', async (parallelism) => {
    const plain = await statsPerPage(parallelism, { preAggregate: false }).results.executeAndCollect();
    const preAggregated = await statsPerPage(parallelism, { preAggregate: true }).results.executeAndCollect();
    expect(plain.length).toBeGreaterThan(CLICKS.length / 10);
    expect([...preAggregated].sort()).toEqual([...plain].sort());
  });
});
