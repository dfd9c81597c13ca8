import type { JobEdge, JobGraph } from '../graph/job-graph';

/*
 * Which sender subtasks connect to which receiver subtasks on a job edge, and the channel numbering
 * at the receiver. Forward and rescale are pointwise, as in Flink; every other partitioner connects
 * all senders to all receivers. Sender and receiver compute the same numbering from the JobGraph.
 */

export function isPointwise(edge: JobEdge): boolean {
  return edge.partitioner.kind === 'forward' || edge.partitioner.kind === 'rescale';
}

/** The receiver subtasks sender `sender` sends to on `edge`, ascending. */
export function downstreamSubtasks(graph: JobGraph, edge: JobEdge, sender: number): number[] {
  const up = graph.vertex(edge.sourceVertex).parallelism;
  const down = graph.vertex(edge.targetVertex).parallelism;
  if (!isPointwise(edge)) return range(0, down);
  if (up === down) return [sender];
  if (up > down) return [Math.floor((sender * down) / up)];
  return range(Math.ceil((sender * down) / up), Math.ceil(((sender + 1) * down) / up));
}

/** The sender subtasks that send to receiver `receiver` on `edge`, ascending. */
export function upstreamSubtasks(graph: JobGraph, edge: JobEdge, receiver: number): number[] {
  const up = graph.vertex(edge.sourceVertex).parallelism;
  return range(0, up).filter((s) => downstreamSubtasks(graph, edge, s).includes(receiver));
}

/** Input-gate layout of one receiver subtask: a channel per connected (edge, sender). */
export interface GateChannel {
  readonly edge: number;
  readonly sender: number;
  readonly inputIndex: 0 | 1;
}

export function inputGateLayout(graph: JobGraph, vertex: number, receiver: number): GateChannel[] {
  const channels: GateChannel[] = [];
  graph.edges.forEach((edge, edgeIndex) => {
    if (edge.targetVertex !== vertex) return;
    for (const sender of upstreamSubtasks(graph, edge, receiver)) {
      channels.push({ edge: edgeIndex, sender, inputIndex: edge.inputIndex });
    }
  });
  return channels;
}

/** The channel index at `receiver` of the channel from `sender` on edge number `edgeIndex`. */
export function channelIndexAt(graph: JobGraph, edgeIndex: number, sender: number, receiver: number): number {
  const layout = inputGateLayout(graph, graph.edges[edgeIndex].targetVertex, receiver);
  return layout.findIndex((c) => c.edge === edgeIndex && c.sender === sender);
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
