/*
 * The plan a batch-mode job runs (Flink's batch combiners): a copy of the StreamGraph in which every
 * keyed reduce fed through a hash edge gets a local pre-reduce on the sending side. The combiner
 * runs at the sender's parallelism and chains to it, so it folds records per key before they are
 * serialised and shuffled, and only partial results cross the network. That is correct because
 * reduce functions are associative, as Flink assumes; it pays because a batch reduce emits only at
 * the end of input anyway. The declared graph is left as the user built it, so building the plan
 * twice (the client, then every worker) gives the same node ids, uids and names.
 */
import type { OperatorSpec, StreamEdge, StreamGraph, StreamNode } from '@weir/core';
import type { ResolvedExecutionConfig } from './runtime-mode';

/** The StreamGraph a batch job runs: `graph` with combiners inserted, and `config`. */
export function batchPlan(graph: StreamGraph, config: ResolvedExecutionConfig): StreamGraph {
  const plan = graph.copy(config);
  const declaredEdges = plan.edges.splice(0);
  for (const edge of declaredEdges) {
    const source = graph.node(edge.sourceId);
    const target = graph.node(edge.targetId);
    if (!needsCombiner(edge, source, target)) {
      plan.addEdge(edge);
      continue;
    }
    const combine = addCombiner(plan, graph, source, target);
    plan.addEdge({
      sourceId: source.id,
      targetId: combine.id,
      partitioner: { kind: 'forward' },
      inputIndex: 0,
      sideOutputTag: edge.sideOutputTag,
      partitionerSetByUser: false,
    });
    plan.addEdge({ ...edge, sourceId: combine.id, sideOutputTag: undefined });
  }
  return plan;
}

/**
 * A keyed reduce's hash input, from an operator the combiner can chain to. One that refuses
 * chaining (`disableChaining()`) keeps its plain shuffle: a combiner behind a network hop of its
 * own would add the transfer it is meant to save.
 */
function needsCombiner(edge: StreamEdge, source: StreamNode, target: StreamNode): boolean {
  return (
    target.operator.kind === 'keyedReduce' && edge.partitioner.kind === 'hash' && source.chainingStrategy !== 'never'
  );
}

/** "Combine (<reduce's name>)", with the sender's parallelism so it chains to the sender. */
function addCombiner(plan: StreamGraph, graph: StreamGraph, source: StreamNode, reduce: StreamNode): StreamNode {
  const { fn, keySelector } = reduce.operator as Extract<OperatorSpec, { kind: 'keyedReduce' }>;
  const combine = plan.addNode({ kind: 'localReduce', fn, keySelector }, `Combine (${reduce.name})`, reduce.declaredAt);
  combine.parallelism = graph.parallelismOf(source);
  combine.maxParallelism = graph.maxParallelismOf(source);
  return combine;
}
