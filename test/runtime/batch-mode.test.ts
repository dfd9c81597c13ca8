/**
 * Batch runtime mode end to end: the plan the DataStream API's graph turns into (combiners before
 * keyed reduces' shuffles), final-only keyed aggregations equal to the streaming run's last values,
 * fewer records across the shuffle, event time downstream of a batch reduce, and worker threads
 * rebuilding the same batch plan.
 */
import {
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  type ReduceFunction,
  type RuntimeContext,
  type RuntimeMode,
} from '@weir/api';
import { bundleJobFile, executeLocally, JobGraph, loadJobBundle } from '@weir/runtime';
import { join } from 'node:path';

interface WordCount {
  word: string;
  count: number;
}

/** 500 lines of 1 to 9 words from a vocabulary of 40. */
const LINES = Array.from({ length: 500 }, (_, line) =>
  Array.from({ length: 1 + ((line * 7) % 9) }, (_, i) => `w${((line * 31 + i * 17) ** 2 % 1601) % 40}`).join(' '),
);
const WORDS = LINES.flatMap((line) => line.split(' '));

function expectedCounts(): WordCount[] {
  const counts = new Map<string, number>();
  for (const word of WORDS) counts.set(word, (counts.get(word) ?? 0) + 1);
  return [...counts].map(([word, count]) => ({ word, count })).sort(byWord);
}

const byWord = (a: WordCount, b: WordCount) => a.word.localeCompare(b.word);

/** Calls of `reduce` per operator (the combiner and the final reduce each have their own copies). */
const reduceCalls = new Map<string, number>();

class CountingSum implements ReduceFunction<WordCount> {
  private operator = '';

  open(ctx: RuntimeContext): void {
    this.operator = ctx.getTaskName();
  }

  reduce(a: WordCount, b: WordCount): WordCount {
    reduceCalls.set(this.operator, (reduceCalls.get(this.operator) ?? 0) + 1);
    return { word: a.word, count: a.count + b.count };
  }
}

function wordCount(mode: RuntimeMode, parallelism: number) {
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
  env.setRuntimeMode(mode);
  const counts = env
    .fromCollection(LINES)
    .flatMap((line) => line.split(' '))
    .name('split')
    .map((word) => ({ word, count: 1 }))
    .name('pair')
    .keyBy((w) => w.word)
    .reduce(new CountingSum())
    .name('count');
  return { env, counts };
}

describe('batch runtime mode', () => {
  describe('plan', () => {
    const plan = (mode: RuntimeMode) => {
      const { env, counts } = wordCount(mode, 2);
      counts.print();
      const jobGraph = JobGraph.fromStreamGraph(env.getStreamGraph());
      return {
        mode: jobGraph.config.runtimeMode,
        vertices: jobGraph.vertices.map((v) => v.name),
        edges: jobGraph.edges.map((e) => `${jobGraph.streamGraph.node(e.sourceNode).name} ${e.partitioner.kind}`),
      };
    };

    it('chains a combiner before the hash edge of a keyed reduce in batch mode', () => {
      expect(plan('batch')).toEqual({
        mode: 'batch',
        vertices: ['Source: Collection Source', 'split -> pair -> Combine (count)', 'count -> Sink: Print to Std. Out'],
        edges: ['Source: Collection Source rebalance', 'Combine (count) hash'],
      });
    });

    it('resolves automatic to batch for bounded sources', () => {
      expect(plan('automatic')).toEqual(plan('batch'));
    });

    it('has no combiner in streaming mode', () => {
      expect(plan('streaming')).toEqual({
        mode: 'streaming',
        vertices: ['Source: Collection Source', 'split -> pair', 'count -> Sink: Print to Std. Out'],
        edges: ['Source: Collection Source rebalance', 'pair hash'],
      });
    });
  });

  it.each([1, 2, 4])(
    'emits exactly one final count per word, the streaming run’s last value, at parallelism %i',
    async (parallelism) => {
      const batch = await wordCount('batch', parallelism).counts.executeAndCollect();
      expect([...batch].sort(byWord)).toEqual(expectedCounts());

      const streaming = await wordCount('streaming', parallelism).counts.executeAndCollect();
      expect(streaming).toHaveLength(WORDS.length);
      const last = new Map(streaming.map((w) => [w.word, w]));
      expect([...last.values()].sort(byWord)).toEqual([...batch].sort(byWord));
    },
  );

  it('sends partial counts across the shuffle, not every word', async () => {
    const distinct = expectedCounts().length;
    const received = async (mode: RuntimeMode) => {
      reduceCalls.clear();
      await wordCount(mode, 2).counts.executeAndCollect();
      // The final reduce calls `reduce` for every record it receives but the first of each word.
      return {
        received: (reduceCalls.get('count') ?? 0) + distinct,
        combined: reduceCalls.get('Combine (count)') ?? 0,
      };
    };

    expect(await received('streaming')).toEqual({ received: WORDS.length, combined: 0 });
    const batch = await received('batch');
    // Every word is folded once: by a combiner, or by the final reduce after the shuffle.
    expect(batch.combined + batch.received).toBe(WORDS.length);
    // At most one partial count per word from each of the 2 combiners, instead of every word.
    expect(batch.received).toBeLessThanOrEqual(2 * distinct);
    expect(2 * distinct).toBeLessThan(WORDS.length / 25);
  });

  describe('event time', () => {
    type Event = WordCount & { ts: number };
    // A watermark after every event, so an operator that passed them on before the final values
    // would make those late.
    const everyEvent = WatermarkStrategy.forGenerator<Event>(() => ({
      onEvent: (_event, timestamp, output) => output.emitWatermark(timestamp - 1),
      onPeriodicEmit: () => {},
    })).withTimestampAssigner((e) => e.ts);

    function events(mode: RuntimeMode, options: { chaining: boolean }) {
      const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
      env.setRuntimeMode(mode);
      const timed = env
        .fromCollection(WORDS.map((word, i) => ({ word, count: 1, ts: i })))
        .assignTimestampsAndWatermarks(everyEvent);
      return options.chaining ? timed : timed.disableChaining();
    }

    const inWindows = (stream: ReturnType<typeof events>) =>
      stream
        .keyBy((w) => w.word)
        .window(TumblingEventTimeWindows.of(10))
        .process((word, ctx, elements, out) => {
          for (const e of elements) out.collect(`${word}=${e.count} in ${ctx.window.start}`);
        })
        .executeAndCollect();

    it.each([
      ['behind its combiner', true],
      ['without a combiner', false],
    ])(
      'a batch reduce (%s) sends its final values to an event-time window on time, stamped with their latest event',
      async (_, chaining) => {
        const finals = events('batch', { chaining })
          .keyBy((w) => w.word)
          .reduce((a, b) => ({ word: a.word, count: a.count + b.count, ts: 0 }));
        const lastSeen = new Map<string, number>();
        WORDS.forEach((word, i) => lastSeen.set(word, i));
        const expected = expectedCounts().map(
          ({ word, count }) => `${word}=${count} in ${Math.floor(lastSeen.get(word)! / 10) * 10}`,
        );
        expect((await inWindows(finals)).sort()).toEqual(expected.sort());
      },
    );

    it('windows give the same results in both modes', async () => {
      const counted = async (mode: RuntimeMode) => (await inWindows(events(mode, { chaining: true }))).sort();
      const batch = await counted('batch');
      expect(batch).toEqual(await counted('streaming'));
      expect(batch).toHaveLength(WORDS.length);
    });
  });

  it('runs on worker threads, each rebuilding the same batch plan', async () => {
    const bundle = await bundleJobFile(join(__dirname, 'fixtures', 'batch-count.ts'));
    for (const mode of ['batch', 'streaming']) {
      const graph = loadJobBundle(bundle).buildGraph({ args: { events: '100000', mode }, parallelism: 2 });
      const client = await executeLocally(graph, { bundle });
      await client.result();
      expect(client.progress().recordsToSinks).toBe(mode === 'batch' ? 50 : 100_000);
    }
  });
});
