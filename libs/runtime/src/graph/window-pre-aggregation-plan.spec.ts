import {
  CollectionSource,
  CountTrigger,
  CountEvictor,
  PrintSink,
  SlidingEventTimeWindows,
  StreamGraph,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  WatermarkStrategy,
  defaultExecutionConfig,
  type AggregateFunction,
  type AnyKeySelector,
  type OperatorSpec,
  type StreamNode,
} from '@weir/core';
import { SlicesOf } from '../operators/slicing-window-operator';
import { partialKey } from '../operators/window-partial';
import { connectNodes, graphShape } from '../testing/graph-shape';
import { JobGraph } from './job-graph';

type WindowSpec = Extract<OperatorSpec, { kind: 'window' }>;

const byWord: AnyKeySelector = (w: string) => w;
const count: AggregateFunction<unknown, number, number> = {
  createAccumulator: () => 0,
  add: (_, n) => n + 1,
  getResult: (n) => n,
  merge: (a, b) => a + b,
};

function tumblingCount(more: Partial<WindowSpec> = {}): WindowSpec {
  return {
    kind: 'window',
    keySelector: byWord,
    assigner: TumblingEventTimeWindows.of(1000),
    trigger: TumblingEventTimeWindows.of(1000).getDefaultTrigger(),
    evictor: undefined,
    allowedLatenessMs: 0,
    lateDataTag: undefined,
    windowFunction: { kind: 'aggregate', aggregate: count },
    ...more,
  };
}

/** Source: words (p1) -> Split (p2) -hash-> counts (p2) -> Sink */
function windowedCount(window: WindowSpec, configure: (split: StreamNode) => void = () => {}): StreamGraph {
  const graph = new StreamGraph('plan', defaultExecutionConfig(2), {});
  const words = graph.addNode(
    { kind: 'source', source: new CollectionSource(['a']), watermarkStrategy: WatermarkStrategy.noWatermarks() },
    'Source: words',
    undefined,
  );
  words.parallelism = 1;
  const split = graph.addNode({ kind: 'map', fn: { map: (x: unknown) => x } }, 'Split', undefined);
  configure(split);
  const counts = graph.addNode(window, 'counts', 'job.ts:7');
  const out = graph.addNode({ kind: 'sink', sink: new PrintSink() }, 'Sink', undefined);
  connectNodes(graph, words, split);
  connectNodes(graph, split, counts, { partitioner: { kind: 'hash', keySelector: byWord } });
  connectNodes(graph, counts, out);
  return graph;
}

describe('the window pre-aggregation plan', () => {
  it('chains a pre-aggregation to the sender of a tumbling event-time window’s shuffle, which then carries partials', () => {
    const jobGraph = JobGraph.fromStreamGraph(windowedCount(tumblingCount()));
    expect(graphShape(jobGraph)).toEqual({
      vertices: ['Source: words (p1)', 'Split -> Pre-aggregate (counts) (p2)', 'counts -> Sink (p2)'],
      edges: ['1 -rebalance-> 2', '5 -hash-> 3'],
    });
    const preAggregate = jobGraph.streamGraph.node(5);
    expect(preAggregate).toMatchObject({ uid: 'windowPreAggregate-5', declaredAt: 'job.ts:7' });
    expect(preAggregate.operator).toMatchObject({ kind: 'windowPreAggregate', keySelector: byWord });
    expect(jobGraph.edges[1].partitioner).toEqual({ kind: 'hash', keySelector: partialKey });
    expect(jobGraph.streamGraph.node(3).operator).toMatchObject({ keySelector: partialKey, mergesPartials: true });
  });

  it('pre-aggregates keyed reduces too, and leaves the declared graph as it was', () => {
    const graph = windowedCount(tumblingCount({ windowFunction: { kind: 'reduce', reduce: { reduce: (a) => a } } }));
    expect(graphShape(JobGraph.fromStreamGraph(graph)).vertices[1]).toBe('Split -> Pre-aggregate (counts) (p2)');
    expect(graph.nodes.size).toBe(4);
    expect(graph.node(3).operator).toMatchObject({ keySelector: byWord });
  });

  it('pre-aggregates a windowAll on every sender, which makes a window of parallelism 1 scale', () => {
    const graph = windowedCount(tumblingCount({ keySelector: undefined }), (split) => (split.parallelism = 3));
    graph.node(3).parallelism = 1;
    graph.edges[1] = { ...graph.edges[1], partitioner: { kind: 'forward' } };
    const jobGraph = JobGraph.fromStreamGraph(graph);
    expect(graphShape(jobGraph)).toEqual({
      vertices: ['Source: words (p1)', 'Split -> Pre-aggregate (counts) (p3)', 'counts (p1)', 'Sink (p2)'],
      edges: ['1 -rebalance-> 2', '5 -rebalance-> 3', '3 -rebalance-> 4'],
    });
    expect(jobGraph.streamGraph.node(3).operator).toMatchObject({ keySelector: undefined, mergesPartials: true });
  });

  it('pre-aggregates sliding windows that run as slices per slice, each partial then merged into one slice', () => {
    const jobGraph = JobGraph.fromStreamGraph(
      windowedCount(tumblingCount({ assigner: SlidingEventTimeWindows.of(1500, 500, 100) })),
    );
    expect(graphShape(jobGraph).vertices[1]).toBe('Split -> Pre-aggregate (counts) (p2)');
    const { assigner } = jobGraph.streamGraph.node(5).operator as Extract<OperatorSpec, { kind: 'windowPreAggregate' }>;
    expect(assigner).toBeInstanceOf(SlicesOf);
    expect(assigner).toMatchObject({ size: 500, slide: 500, offset: 100 });
    expect(assigner.toString()).toBe('SlidingEventTimeWindows(1500, 500)');
    expect(jobGraph.streamGraph.node(3).operator).toMatchObject({ mergesPartials: true });
  });

  const unchanged: [string, WindowSpec | (() => StreamGraph)][] = [
    [
      'sliding windows with allowed lateness, which do not run as slices: partials several windows would share',
      tumblingCount({ assigner: SlidingEventTimeWindows.of(1000, 500), allowedLatenessMs: 10 }),
    ],
    [
      'sliding windows that are not a whole number of slides',
      tumblingCount({ assigner: SlidingEventTimeWindows.of(1000, 300) }),
    ],
    ['processing-time windows', tumblingCount({ assigner: TumblingProcessingTimeWindows.of(1000) })],
    ['a trigger of its own', tumblingCount({ trigger: CountTrigger.of(2) })],
    ['an evictor', tumblingCount({ evictor: CountEvictor.of(2) })],
    ['late data to a side output', tumblingCount({ lateDataTag: 'late' })],
    [
      'a process function over all elements',
      tumblingCount({ windowFunction: { kind: 'process', process: { process: () => {} } } }),
    ],
    [
      'a sender that refuses chaining',
      () => windowedCount(tumblingCount(), (split) => (split.chainingStrategy = 'never')),
    ],
  ];
  it.each(unchanged)('leaves a window with %s as declared', (_, what) => {
    const graph = typeof what === 'function' ? what() : windowedCount(what);
    expect(graphShape(JobGraph.fromStreamGraph(graph)).vertices).toEqual([
      'Source: words (p1)',
      'Split (p2)',
      'counts -> Sink (p2)',
    ]);
  });
});
