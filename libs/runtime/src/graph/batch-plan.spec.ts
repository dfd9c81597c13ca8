import {
  CollectionSource,
  PrintSink,
  StreamGraph,
  WatermarkStrategy,
  defaultExecutionConfig,
  type AnyKeySelector,
  type OperatorSpec,
  type ReduceFunction,
  type RuntimeMode,
} from '@weir/core';
import { connectNodes, graphShape } from '../testing/graph-shape';
import { JobGraph } from './job-graph';

const word: AnyKeySelector = (w: string) => w;
const count: ReduceFunction<unknown> = { reduce: (a) => a };
const source = (): OperatorSpec => ({
  kind: 'source',
  source: new CollectionSource(['a']),
  watermarkStrategy: WatermarkStrategy.noWatermarks(),
});
const map: OperatorSpec = { kind: 'map', fn: { map: (x: unknown) => x } };
const reduce: OperatorSpec = { kind: 'keyedReduce', fn: count, keySelector: word };
const sink = (): OperatorSpec => ({ kind: 'sink', sink: new PrintSink() });

function graphIn(mode: RuntimeMode): StreamGraph {
  return new StreamGraph('plan', { ...defaultExecutionConfig(2), runtimeMode: mode }, {});
}

const hash = { partitioner: { kind: 'hash', keySelector: word } } as const;

/** Source: lines (p1) -> Split (p2) -hash-> count (p2) -> Sink: counts */
function wordCount(mode: RuntimeMode): StreamGraph {
  const graph = graphIn(mode);
  const lines = graph.addNode(source(), 'Source: lines', undefined);
  lines.parallelism = 1;
  const split = graph.addNode(map, 'Split', undefined);
  const counts = graph.addNode(reduce, 'count', 'job.ts:9');
  const out = graph.addNode(sink(), 'Sink: counts', undefined);
  connectNodes(graph, lines, split);
  connectNodes(graph, split, counts, hash);
  connectNodes(graph, counts, out);
  return graph;
}

describe('the batch plan', () => {
  it('chains a combiner to the sender of a keyed reduce’s shuffle', () => {
    const jobGraph = JobGraph.fromStreamGraph(wordCount('batch'));
    expect(graphShape(jobGraph)).toEqual({
      vertices: ['Source: lines (p1)', 'Split -> Combine (count) (p2)', 'count -> Sink: counts (p2)'],
      edges: ['1 -rebalance-> 2', '5 -hash-> 3'],
    });
    const combiner = jobGraph.streamGraph.node(5);
    expect(combiner).toMatchObject({ uid: 'localReduce-5', name: 'Combine (count)', declaredAt: 'job.ts:9' });
    expect(combiner.operator).toEqual({ kind: 'localReduce', fn: count, keySelector: word });
    expect(jobGraph.vertices[1].chainedEdges).toEqual([
      {
        sourceId: 2,
        targetId: 5,
        partitioner: { kind: 'forward' },
        inputIndex: 0,
        sideOutputTag: undefined,
        partitionerSetByUser: false,
      },
    ]);
  });

  it('leaves streaming jobs as declared', () => {
    const graph = wordCount('streaming');
    const jobGraph = JobGraph.fromStreamGraph(graph);
    expect(graphShape(jobGraph)).toEqual({
      vertices: ['Source: lines (p1)', 'Split (p2)', 'count -> Sink: counts (p2)'],
      edges: ['1 -rebalance-> 2', '2 -hash-> 3'],
    });
    expect(jobGraph.streamGraph).toBe(graph);
  });

  it('leaves the declared graph untouched, so every build of the plan is the same', () => {
    const graph = wordCount('batch');
    const first = JobGraph.fromStreamGraph(graph);
    const second = JobGraph.fromStreamGraph(graph);
    expect(graph.nodes.size).toBe(4);
    expect(graph.edges.map((e) => `${e.sourceId}->${e.targetId}`)).toEqual(['1->2', '2->3', '3->4']);
    expect(graphShape(second)).toEqual(graphShape(first));
    expect(second.vertices.map((v) => v.nodes.map((n) => n.uid))).toEqual(
      first.vertices.map((v) => v.nodes.map((n) => n.uid)),
    );
  });

  it('gives each sender of a union its own combiner, at the sender’s parallelism', () => {
    const graph = graphIn('batch');
    const left = graph.addNode(source(), 'Source: left', undefined);
    left.parallelism = 1;
    const right = graph.addNode(source(), 'Source: right', undefined);
    right.parallelism = 3;
    right.maxParallelism = 64;
    const counts = graph.addNode(reduce, 'count', undefined);
    const out = graph.addNode(sink(), 'Sink', undefined);
    connectNodes(graph, left, counts, hash);
    connectNodes(graph, right, counts, hash);
    connectNodes(graph, counts, out);
    expect(graphShape(JobGraph.fromStreamGraph(graph))).toEqual({
      vertices: ['Source: left -> Combine (count) (p1)', 'Source: right -> Combine (count) (p3)', 'count -> Sink (p2)'],
      edges: ['5 -hash-> 3', '6 -hash-> 3'],
    });
  });

  it('combines a side output where it leaves its operator', () => {
    const graph = graphIn('batch');
    const lines = graph.addNode(source(), 'Source: lines', undefined);
    const split = graph.addNode(map, 'Split', undefined);
    const counts = graph.addNode(reduce, 'count', undefined);
    const out = graph.addNode(sink(), 'Sink', undefined);
    connectNodes(graph, lines, split);
    connectNodes(graph, split, counts, { ...hash, sideOutputTag: 'rare' });
    connectNodes(graph, counts, out);
    const jobGraph = JobGraph.fromStreamGraph(graph);
    expect(graphShape(jobGraph)).toEqual({
      vertices: ['Source: lines (p1)', 'Split -> Combine (count) (p2)', 'count -> Sink (p2)'],
      edges: ['1 -rebalance-> 2', '5 -hash-> 3'],
    });
    expect(jobGraph.edges[1].sideOutputTag).toBeUndefined();
    expect(jobGraph.vertices[1].chainedEdges.find((e) => e.targetId === 5)?.sideOutputTag).toBe('rare');
  });

  it('adds no combiner behind an operator that refuses chaining, nor before other keyed operators', () => {
    const graph = graphIn('batch');
    const lines = graph.addNode(source(), 'Source: lines', undefined);
    lines.chainingStrategy = 'never';
    const counts = graph.addNode(reduce, 'count', undefined);
    const alerts = graph.addNode(
      { kind: 'keyedProcess', fn: { processElement() {} }, keySelector: word },
      'alerts',
      undefined,
    );
    connectNodes(graph, lines, counts, hash);
    connectNodes(graph, lines, alerts, hash);
    connectNodes(graph, counts, graph.addNode(sink(), 'Sink: counts', undefined));
    connectNodes(graph, alerts, graph.addNode(sink(), 'Sink: alerts', undefined));
    expect(graphShape(JobGraph.fromStreamGraph(graph))).toEqual({
      vertices: ['Source: lines (p1)', 'count -> Sink: counts (p2)', 'alerts -> Sink: alerts (p2)'],
      edges: ['1 -hash-> 2', '1 -hash-> 3'],
    });
  });
});
