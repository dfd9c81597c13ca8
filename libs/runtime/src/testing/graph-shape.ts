import type { StreamEdge, StreamGraph, StreamNode } from '@weir/core';
import type { JobGraph } from '../graph/job-graph';

/** Adds an edge for a test's hand-built graph: forward, main output, unless `more` says otherwise. */
export function connectNodes(
  graph: StreamGraph,
  from: StreamNode,
  to: StreamNode,
  more: Partial<StreamEdge> = {},
): void {
  graph.addEdge({
    sourceId: from.id,
    targetId: to.id,
    partitioner: { kind: 'forward' },
    inputIndex: 0,
    sideOutputTag: undefined,
    partitionerSetByUser: false,
    ...more,
  });
}

/** What a test reads off a plan: vertex names and the network edges by partitioner and end nodes. */
export function graphShape(jobGraph: JobGraph): { vertices: string[]; edges: string[] } {
  return {
    vertices: jobGraph.vertices.map((v) => `${v.name} (p${v.parallelism})`),
    edges: jobGraph.edges.map((e) => `${e.sourceNode} -${e.partitioner.kind}-> ${e.targetNode}`),
  };
}
