import type { ExecutionConfig, OperatorSpec, PartitionerSpec, StreamEdge, StreamGraph, StreamNode } from '@weir/core';

/** How a keyed operator's inputs are combined before their shuffle, and what it becomes behind them. */
export interface CombinedInputs {
  /** The combiner on each input's sending side. */
  readonly combiner: OperatorSpec;
  readonly combinerName: string;
  /** The shuffle from the combiners to the operator; unset, each input keeps its own. */
  readonly partitioner?: PartitionerSpec;
  /** The operator as it runs behind the combiners. */
  readonly operator: OperatorSpec;
}

/**
 * A copy of `graph` with combiners in front of every node `planFor` plans them for: on each of its
 * inputs, a combiner at the sender's parallelism, fed through a forward edge so that it chains to the
 * sender, so records are folded before they are serialised and shuffled. The declared graph is left
 * as the user built it, so planning twice (the client, then every worker) gives the same node ids;
 * with nothing to combine and the same config, the plan is `graph` itself.
 */
export function insertCombiners(
  graph: StreamGraph,
  config: ExecutionConfig,
  planFor: (node: StreamNode, inputs: readonly StreamEdge[]) => CombinedInputs | undefined,
): StreamGraph {
  const plans = new Map<number, CombinedInputs>();
  for (const node of graph.nodes.values()) {
    const inputs = graph.inEdges(node.id);
    if (inputs.length === 0 || !inputs.every((edge) => chainsToSender(graph, edge))) continue;
    const planned = planFor(node, inputs);
    if (planned !== undefined) plans.set(node.id, planned);
  }
  if (plans.size === 0 && config === graph.config) return graph;
  const plan = graph.copy(config);
  for (const [id, planned] of plans) plan.nodes.set(id, { ...graph.node(id), operator: planned.operator });

  const declaredEdges = plan.edges.splice(0);
  for (const edge of declaredEdges) {
    const planned = plans.get(edge.targetId);
    if (planned === undefined) {
      plan.addEdge(edge);
      continue;
    }
    const sender = graph.node(edge.sourceId);
    const combiner = plan.addNode(planned.combiner, planned.combinerName, graph.node(edge.targetId).declaredAt);
    combiner.parallelism = graph.parallelismOf(sender);
    combiner.maxParallelism = graph.maxParallelismOf(sender);
    plan.addEdge({
      sourceId: sender.id,
      targetId: combiner.id,
      partitioner: { kind: 'forward' },
      inputIndex: 0,
      sideOutputTag: edge.sideOutputTag,
      partitionerSetByUser: false,
    });
    plan.addEdge({
      ...edge,
      sourceId: combiner.id,
      sideOutputTag: undefined,
      partitioner: planned.partitioner ?? edge.partitioner,
    });
  }
  return plan;
}

/**
 * Whether a combiner on `edge` chains to its sender. One that refuses chaining (`disableChaining()`)
 * keeps its plain input: a combiner behind a network hop of its own would add the transfer it is
 * meant to save.
 */
function chainsToSender(graph: StreamGraph, edge: StreamEdge): boolean {
  return graph.node(edge.sourceId).chainingStrategy !== 'never';
}
