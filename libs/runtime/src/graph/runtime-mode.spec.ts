import { JobDefinitionError } from '@weir/common';
import {
  CollectionSource,
  DataGeneratorSource,
  PrintSink,
  StreamGraph,
  WatermarkStrategy,
  defaultExecutionConfig,
  type RuntimeMode,
} from '@weir/core';
import { JobGraph } from './job-graph';
import { resolveRuntimeMode, resolvedConfig } from './runtime-mode';

const bounded = () => new CollectionSource([1, 2, 3]);
const unbounded = () => new DataGeneratorSource({ generate: (i) => i });

/** Each source feeds its own print sink. */
function jobReading(mode: RuntimeMode, ...sources: [string, CollectionSource<number> | DataGeneratorSource<number>][]) {
  const config = { ...defaultExecutionConfig(1), runtimeMode: mode };
  const graph = new StreamGraph('mode-job', config, {});
  for (const [name, source] of sources) {
    const node = graph.addNode(
      { kind: 'source', source, watermarkStrategy: WatermarkStrategy.noWatermarks() },
      `Source: ${name}`,
      `job.ts:${graph.nodes.size + 1}`,
    );
    const sink = graph.addNode({ kind: 'sink', sink: new PrintSink() }, `Sink: ${name}`, undefined);
    graph.addEdge({
      sourceId: node.id,
      targetId: sink.id,
      partitioner: { kind: 'forward' },
      inputIndex: 0,
      sideOutputTag: undefined,
      partitionerSetByUser: false,
    });
  }
  return graph;
}

describe('resolveRuntimeMode', () => {
  it('keeps streaming whatever the sources', () => {
    expect(resolveRuntimeMode(jobReading('streaming', ['a', bounded()]))).toBe('streaming');
    expect(resolveRuntimeMode(jobReading('streaming', ['a', unbounded()]))).toBe('streaming');
  });

  it('resolves automatic to batch when every source is bounded, else to streaming', () => {
    expect(resolveRuntimeMode(jobReading('automatic', ['a', bounded()], ['b', bounded()]))).toBe('batch');
    expect(resolveRuntimeMode(jobReading('automatic', ['a', bounded()], ['b', unbounded()]))).toBe('streaming');
  });

  it('runs batch when asked and every source is bounded', () => {
    expect(resolveRuntimeMode(jobReading('batch', ['a', bounded()]))).toBe('batch');
  });

  it('rejects batch with an unbounded source, naming it and pointing to streaming mode', () => {
    const graph = jobReading('batch', ['files', bounded()], ['clicks', unbounded()]);
    expect(() => resolveRuntimeMode(graph)).toThrow(
      new JobDefinitionError(
        "Job 'mode-job' is set to batch mode, but operator 'Source: clicks' (declared at job.ts:3) reads an " +
          'unbounded source, which never ends, so the job could never produce its final results; use streaming ' +
          "mode (setRuntimeMode('streaming'), or 'automatic' to pick batch only when every source is bounded).",
      ),
    );
  });

  it('names every unbounded source', () => {
    const graph = jobReading('batch', ['a', unbounded()], ['b', unbounded()]);
    expect(() => resolveRuntimeMode(graph)).toThrow(
      /operator 'Source: a' \(declared at job.ts:1\), operator 'Source: b' \(declared at job.ts:3\) read unbounded sources, which never end/,
    );
  });
});

describe('resolvedConfig', () => {
  const config = { ...defaultExecutionConfig(2), runtimeMode: 'automatic' as const };
  config.checkpoint.intervalMs = 1000;

  it('sets the resolved mode and leaves the rest of a streaming config alone', () => {
    expect(resolvedConfig(config, 'streaming')).toEqual({ ...config, runtimeMode: 'streaming' });
  });

  it('turns checkpointing off in batch mode, as Flink does', () => {
    expect(resolvedConfig(config, 'batch')).toEqual({
      ...config,
      runtimeMode: 'batch',
      checkpoint: { ...config.checkpoint, intervalMs: 0 },
    });
    expect(config.checkpoint.intervalMs).toBe(1000);
  });
});

describe('JobGraph.fromStreamGraph', () => {
  it('carries the resolved mode in its config, for operators to read', () => {
    expect(JobGraph.fromStreamGraph(jobReading('automatic', ['a', bounded()])).config.runtimeMode).toBe('batch');
    expect(JobGraph.fromStreamGraph(jobReading('automatic', ['a', unbounded()])).config.runtimeMode).toBe('streaming');
  });

  it('fails to build a batch job over an unbounded source', () => {
    expect(() => JobGraph.fromStreamGraph(jobReading('batch', ['a', unbounded()]))).toThrow(JobDefinitionError);
  });
});
