import { defaultExecutionConfig } from './execution-config';
import { StreamGraph, type OperatorSpec } from './stream-graph';

const map: OperatorSpec = { kind: 'map', fn: { map: (x: unknown) => x } };

describe('StreamGraph.copy', () => {
  it('shares the nodes and edges, takes the new config, and numbers new nodes after the original ones', () => {
    const graph = new StreamGraph('job', defaultExecutionConfig(2), { day: 'mon' });
    const a = graph.addNode(map, 'a', undefined);
    const b = graph.addNode(map, 'b', undefined);
    graph.addEdge({
      sourceId: a.id,
      targetId: b.id,
      partitioner: { kind: 'forward' },
      inputIndex: 0,
      sideOutputTag: undefined,
      partitionerSetByUser: false,
    });
    const config = { ...graph.config, runtimeMode: 'batch' as const };

    const copy = graph.copy(config);
    expect(copy.config).toBe(config);
    expect(copy.jobParameters).toEqual({ day: 'mon' });
    expect(copy.node(a.id)).toBe(a);
    expect(copy.edges).toEqual(graph.edges);
    expect(copy.addNode(map, 'c', undefined)).toMatchObject({ id: 3, uid: 'map-3' });
    copy.edges.length = 0;

    expect([...graph.nodes.keys()]).toEqual([1, 2]);
    expect(graph.edges).toHaveLength(1);
    expect(graph.config.runtimeMode).toBe('streaming');
  });
});
