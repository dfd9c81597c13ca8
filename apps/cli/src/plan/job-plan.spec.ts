import {
  CollectionSource,
  PrintSink,
  StreamGraph,
  WatermarkStrategy,
  defaultExecutionConfig,
  type OperatorSpec,
  type PartitionerSpec,
  type StreamEdge,
} from '@weir/core';
import { JobGraph } from '@weir/runtime';
import { describePlan } from './job-plan';
import { renderPlanDot } from './plan-dot';
import { renderPlanText } from './plan-text';

/**
 * clicks (p1) -rebalance-> Parse -> Valid (p2) -hash-> Apply Rules -> Sink: alerts (p2)
 * rules (p1) -broadcast-> Apply Rules (second input)
 * Apply Rules -side output 'rejected', rescale-> Explain -> Sink: rejected (p3, max parallelism 64)
 * Apply Rules -side output 'audit', chained-> Sink: audit
 */
function sampleJobGraph(): JobGraph {
  const graph = new StreamGraph('fraud "alerts"', defaultExecutionConfig(2), {});
  const source = (): OperatorSpec => ({
    kind: 'source',
    source: new CollectionSource([1]),
    watermarkStrategy: WatermarkStrategy.noWatermarks(),
  });
  const map: OperatorSpec = { kind: 'map', fn: { map: (x: unknown) => x } };
  const sink: OperatorSpec = { kind: 'sink', sink: new PrintSink() };
  const clicks = graph.addNode(source(), 'Source: clicks', 'jobs/fraud.ts:10');
  const parse = graph.addNode(map, 'Parse', 'jobs/fraud.ts:11');
  const valid = graph.addNode({ kind: 'filter', fn: { filter: () => true } }, 'Valid', undefined);
  const rules = graph.addNode(source(), 'Source: rules', 'jobs/fraud.ts:14');
  const apply = graph.addNode(
    {
      kind: 'broadcastProcess',
      fn: { processElement() {}, processBroadcastElement() {} },
      keySelector: (x) => String(x),
      descriptors: [],
    },
    'Apply Rules',
    'jobs/fraud.ts:15',
  );
  const alerts = graph.addNode(sink, 'Sink: alerts', 'jobs/fraud.ts:16');
  const explain = graph.addNode(map, 'Explain', 'jobs/fraud.ts:17');
  explain.parallelism = 3;
  explain.maxParallelism = 64;
  const rejected = graph.addNode(sink, 'Sink: rejected', 'jobs/fraud.ts:18');
  rejected.parallelism = 3;
  rejected.maxParallelism = 64;
  const audit = graph.addNode(sink, 'Sink: audit', 'jobs/fraud.ts:20');
  const edge = (
    from: number,
    to: number,
    partitioner: PartitionerSpec = { kind: 'forward' },
    more: Partial<StreamEdge> = {},
  ) =>
    graph.addEdge({
      sourceId: from,
      targetId: to,
      partitioner,
      inputIndex: 0,
      sideOutputTag: undefined,
      partitionerSetByUser: false,
      ...more,
    });
  edge(clicks.id, parse.id);
  edge(parse.id, valid.id);
  edge(valid.id, apply.id, { kind: 'hash', keySelector: (x: unknown) => String(x) });
  edge(rules.id, apply.id, { kind: 'broadcast' }, { inputIndex: 1 });
  edge(apply.id, alerts.id);
  edge(apply.id, explain.id, { kind: 'rescale' }, { sideOutputTag: 'rejected', partitionerSetByUser: true });
  edge(explain.id, rejected.id);
  edge(apply.id, audit.id, { kind: 'forward' }, { sideOutputTag: 'audit' });
  return JobGraph.fromStreamGraph(graph);
}

function singleChainJobGraph(): JobGraph {
  const graph = new StreamGraph('tiny', defaultExecutionConfig(1), {});
  const source = graph.addNode(
    { kind: 'source', source: new CollectionSource([1]), watermarkStrategy: WatermarkStrategy.noWatermarks() },
    'Source: numbers',
    undefined,
  );
  const sink = graph.addNode({ kind: 'sink', sink: new PrintSink() }, 'Sink: Print', undefined);
  graph.addEdge({
    sourceId: source.id,
    targetId: sink.id,
    partitioner: { kind: 'forward' },
    inputIndex: 0,
    sideOutputTag: undefined,
    partitionerSetByUser: false,
  });
  return JobGraph.fromStreamGraph(graph);
}

/** Source: words (p1) -> Measure (p2) -hash-> Total -> Sink: Print (p2), in batch mode. */
function batchJobGraph(): JobGraph {
  const graph = new StreamGraph('lengths', { ...defaultExecutionConfig(2), runtimeMode: 'batch' }, {});
  const words = graph.addNode(
    { kind: 'source', source: new CollectionSource(['a']), watermarkStrategy: WatermarkStrategy.noWatermarks() },
    'Source: words',
    undefined,
  );
  const measure = graph.addNode({ kind: 'map', fn: { map: (x: unknown) => x } }, 'Measure', 'jobs/lengths.ts:3');
  const keySelector = (x: unknown) => String(x);
  const total = graph.addNode(
    { kind: 'keyedReduce', fn: { reduce: (a) => a }, keySelector },
    'Total',
    'jobs/lengths.ts:5',
  );
  const print = graph.addNode({ kind: 'sink', sink: new PrintSink() }, 'Sink: Print', undefined);
  const edge = (from: number, to: number, partitioner: PartitionerSpec = { kind: 'forward' }) =>
    graph.addEdge({
      sourceId: from,
      targetId: to,
      partitioner,
      inputIndex: 0,
      sideOutputTag: undefined,
      partitionerSetByUser: false,
    });
  edge(words.id, measure.id);
  edge(measure.id, total.id, { kind: 'hash', keySelector });
  edge(total.id, print.id);
  return JobGraph.fromStreamGraph(graph);
}

describe('describePlan (weir info --json)', () => {
  it('lists the vertices with their chained operators and the network edges between them', () => {
    const operator = (id: number, uid: string, name: string, kind: string, declaredAt: string | null) => ({
      id,
      uid,
      name,
      kind,
      declaredAt,
    });
    expect(describePlan(sampleJobGraph())).toEqual({
      jobName: 'fraud "alerts"',
      runtimeMode: 'streaming',
      parallelism: 2,
      maxParallelism: 128,
      vertices: [
        {
          id: 1,
          name: 'Source: clicks',
          parallelism: 1,
          maxParallelism: 128,
          operators: [operator(1, 'source-1', 'Source: clicks', 'source', 'jobs/fraud.ts:10')],
        },
        {
          id: 2,
          name: 'Parse -> Valid',
          parallelism: 2,
          maxParallelism: 128,
          operators: [
            operator(2, 'map-2', 'Parse', 'map', 'jobs/fraud.ts:11'),
            operator(3, 'filter-3', 'Valid', 'filter', null),
          ],
        },
        {
          id: 4,
          name: 'Source: rules',
          parallelism: 1,
          maxParallelism: 128,
          operators: [operator(4, 'source-4', 'Source: rules', 'source', 'jobs/fraud.ts:14')],
        },
        {
          id: 5,
          name: 'Apply Rules -> Sink: alerts -> Sink: audit',
          parallelism: 2,
          maxParallelism: 128,
          operators: [
            operator(5, 'broadcastProcess-5', 'Apply Rules', 'broadcastProcess', 'jobs/fraud.ts:15'),
            operator(6, 'sink-6', 'Sink: alerts', 'sink', 'jobs/fraud.ts:16'),
            operator(9, 'sink-9', 'Sink: audit', 'sink', 'jobs/fraud.ts:20'),
          ],
        },
        {
          id: 7,
          name: 'Explain -> Sink: rejected',
          parallelism: 3,
          maxParallelism: 64,
          operators: [
            operator(7, 'map-7', 'Explain', 'map', 'jobs/fraud.ts:17'),
            operator(8, 'sink-8', 'Sink: rejected', 'sink', 'jobs/fraud.ts:18'),
          ],
        },
      ],
      edges: [
        { source: 1, target: 2, sourceOperator: 1, partitioner: 'REBALANCE', inputIndex: 0, sideOutput: null },
        { source: 2, target: 5, sourceOperator: 3, partitioner: 'HASH', inputIndex: 0, sideOutput: null },
        { source: 4, target: 5, sourceOperator: 4, partitioner: 'BROADCAST', inputIndex: 1, sideOutput: null },
        { source: 5, target: 7, sourceOperator: 5, partitioner: 'RESCALE', inputIndex: 0, sideOutput: 'rejected' },
      ],
    });
  });

  it('is plain JSON data, so --json prints it exactly', () => {
    const plan = describePlan(sampleJobGraph());
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('renderPlanText (weir info)', () => {
  it('shows each vertex with its operators under it, then the network edges', () => {
    expect(renderPlanText(describePlan(sampleJobGraph()))).toBe(
      [
        `Job 'fraud "alerts"' (streaming mode, parallelism 2, max parallelism 128)`,
        '',
        'Vertices (5):',
        '  #1 Source: clicks  (parallelism 1)',
        '       Source: clicks  [source, uid source-1, at jobs/fraud.ts:10]',
        '  #2 Parse -> Valid  (parallelism 2)',
        '       Parse  [map, uid map-2, at jobs/fraud.ts:11]',
        '       Valid  [filter, uid filter-3]',
        '  #4 Source: rules  (parallelism 1)',
        '       Source: rules  [source, uid source-4, at jobs/fraud.ts:14]',
        '  #5 Apply Rules -> Sink: alerts -> Sink: audit  (parallelism 2)',
        '       Apply Rules  [broadcastProcess, uid broadcastProcess-5, at jobs/fraud.ts:15]',
        '       Sink: alerts  [sink, uid sink-6, at jobs/fraud.ts:16]',
        '       Sink: audit  [sink, uid sink-9, at jobs/fraud.ts:20]',
        '  #7 Explain -> Sink: rejected  (parallelism 3, max parallelism 64)',
        '       Explain  [map, uid map-7, at jobs/fraud.ts:17]',
        '       Sink: rejected  [sink, uid sink-8, at jobs/fraud.ts:18]',
        '',
        'Network edges (4):',
        '  #1 -> #2  REBALANCE',
        "  #2 -> #5  HASH, from 'Valid', first input",
        '  #4 -> #5  BROADCAST, second input',
        "  #5 -> #7  RESCALE, side output 'rejected' of 'Apply Rules'",
        '',
      ].join('\n'),
    );
  });

  it('says when the whole job is one chain', () => {
    expect(renderPlanText(describePlan(singleChainJobGraph()))).toBe(
      [
        "Job 'tiny' (streaming mode, parallelism 1, max parallelism 128)",
        '',
        'Vertices (1):',
        '  #1 Source: numbers -> Sink: Print  (parallelism 1)',
        '       Source: numbers  [source, uid source-1]',
        '       Sink: Print  [sink, uid sink-2]',
        '',
        'Network edges: none, the whole job runs as one chain.',
        '',
      ].join('\n'),
    );
  });

  it('shows a batch job’s mode and the combiner chained before its shuffle', () => {
    expect(renderPlanText(describePlan(batchJobGraph()))).toBe(
      [
        "Job 'lengths' (batch mode, parallelism 2, max parallelism 128)",
        '',
        'Vertices (3):',
        '  #1 Source: words  (parallelism 1)',
        '       Source: words  [source, uid source-1]',
        '  #2 Measure -> Combine (Total)  (parallelism 2)',
        '       Measure  [map, uid map-2, at jobs/lengths.ts:3]',
        '       Combine (Total)  [localReduce, uid localReduce-5, at jobs/lengths.ts:5]',
        '  #3 Total -> Sink: Print  (parallelism 2)',
        '       Total  [keyedReduce, uid keyedReduce-3, at jobs/lengths.ts:5]',
        '       Sink: Print  [sink, uid sink-4]',
        '',
        'Network edges (2):',
        '  #1 -> #2  REBALANCE',
        "  #2 -> #3  HASH, from 'Combine (Total)'",
        '',
      ].join('\n'),
    );
  });
});

describe('renderPlanDot (weir info --dot)', () => {
  it('draws a cluster per vertex, chained calls inside, labelled network edges between', () => {
    expect(renderPlanDot(sampleJobGraph())).toBe(
      [
        'digraph "fraud \\"alerts\\"" {',
        '  rankdir=LR;',
        '  node [shape=box, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  subgraph cluster_1 {',
        '    label="#1 Source: clicks\\nparallelism 1";',
        '    op1 [label="Source: clicks\\nsource · source-1"];',
        '  }',
        '  subgraph cluster_2 {',
        '    label="#2 Parse -> Valid\\nparallelism 2";',
        '    op2 [label="Parse\\nmap · map-2"];',
        '    op3 [label="Valid\\nfilter · filter-3"];',
        '  }',
        '  subgraph cluster_4 {',
        '    label="#4 Source: rules\\nparallelism 1";',
        '    op4 [label="Source: rules\\nsource · source-4"];',
        '  }',
        '  subgraph cluster_5 {',
        '    label="#5 Apply Rules -> Sink: alerts -> Sink: audit\\nparallelism 2";',
        '    op5 [label="Apply Rules\\nbroadcastProcess · broadcastProcess-5"];',
        '    op6 [label="Sink: alerts\\nsink · sink-6"];',
        '    op9 [label="Sink: audit\\nsink · sink-9"];',
        '  }',
        '  subgraph cluster_7 {',
        '    label="#7 Explain -> Sink: rejected\\nparallelism 3";',
        '    op7 [label="Explain\\nmap · map-7"];',
        '    op8 [label="Sink: rejected\\nsink · sink-8"];',
        '  }',
        '  op2 -> op3;',
        '  op5 -> op6;',
        `  op5 -> op9 [label="side output 'audit'"];`,
        '  op7 -> op8;',
        '  op1 -> op2 [label="REBALANCE", style=bold];',
        '  op3 -> op5 [label="HASH\\nfirst input", style=bold];',
        '  op4 -> op5 [label="BROADCAST\\nsecond input", style=bold];',
        `  op5 -> op7 [label="RESCALE\\nside output 'rejected'", style=bold];`,
        '}',
        '',
      ].join('\n'),
    );
  });
});
