/**
 * Watermark alignment (FLIP-182) end to end: a source that could read everything at once is held
 * within the allowed drift of a slow source of the same group, so it takes as long as the slow one.
 */
import { CollectSink, DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';

/** Event time, in ms, that each source covers: the slow one at 2 ms a millisecond takes 1.5 s. */
const SPAN_MS = 3_000;
const SLOW_RATE = 2_000;
/** The fast source makes this many events per millisecond of event time, as fast as it can. */
const FAST_PER_MS = 20;
const WARM_UP_MS = 500;

/**
 * How far (in event time) the fast source was ahead of the slow one at most, once the slow one had
 * covered WARM_UP_MS (its start, when the sources first report), and what the sink got.
 */
async function runTwoSources(align: boolean): Promise<{ maxLeadMs: number; counted: number }> {
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
  const strategy = () => {
    // A watermark with every event, so a source's watermark never lags its records.
    const perEvent = WatermarkStrategy.forGenerator<number>(() => ({
      onEvent: (_event, timestamp, output) => output.emitWatermark(timestamp),
      onPeriodicEmit: () => {},
    })).withTimestampAssigner((t) => t);
    return align ? perEvent.withWatermarkAlignment('clock', 100, 50) : perEvent;
  };
  let fastAt = 0;
  let maxLeadMs = 0;
  const fast = new DataGeneratorSource({
    generate: (i) => (fastAt = Math.floor(i / FAST_PER_MS)),
    count: SPAN_MS * FAST_PER_MS,
  });
  const slow = new DataGeneratorSource({
    generate: (i) => {
      if (i >= WARM_UP_MS) maxLeadMs = Math.max(maxLeadMs, fastAt - i);
      return i;
    },
    count: SPAN_MS,
    ratePerSecond: SLOW_RATE,
  });
  const sink = new CollectSink<number>();
  env
    .fromSource(fast, strategy(), 'fast')
    .union(env.fromSource(slow, strategy(), 'slow'))
    .sinkTo(sink);
  await (await env.execute('aligned sources')).result();
  return { maxLeadMs, counted: sink.values.length };
}

describe('watermark alignment', () => {
  it('holds a fast source within the allowed drift of a slow one of its group, and loses nothing', async () => {
    const free = await runTwoSources(false);
    const aligned = await runTwoSources(true);
    expect(free.counted).toBe(SPAN_MS * (FAST_PER_MS + 1));
    expect(aligned.counted).toBe(SPAN_MS * (FAST_PER_MS + 1));
    // Unaligned, the fast source runs through its event time long before the slow one; aligned, it
    // stays within the drift (100 ms), plus how far the slow one gets between reports (50 ms apart).
    expect(free.maxLeadMs).toBeGreaterThan(1_000);
    expect(aligned.maxLeadMs).toBeLessThan(400);
  }, 30_000);
});
