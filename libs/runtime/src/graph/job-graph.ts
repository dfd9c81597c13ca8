import { JobDefinitionError, checkMaxParallelism, checkParallelism } from '@weir/common';
import type { PartitionerSpec, StreamEdge, StreamGraph, StreamNode } from '@weir/core';
import { batchPlan } from './batch-plan';
import { windowPreAggregationPlan } from './window-pre-aggregation-plan';
import { describe } from './node-description';
import { resolveRuntimeMode, resolvedConfig, type ResolvedExecutionConfig } from './runtime-mode';

/*
 * The JobGraph (DESIGN.md §2): the StreamGraph with operators chained into vertices. Operators
 * connected one-to-one with equal parallelism run in one chain, as plain function calls; every
 * other edge becomes a network edge between vertices, with a concrete partitioner. The runtime mode
 * is resolved here; in batch mode the graph chained is the batch plan (batch-plan.ts).
 */

export { describe } from './node-description';

/** One chain of operators, deployed as `parallelism` subtasks. */
export interface JobVertex {
  /** The id of the chain's head node. */
  readonly id: number;
  /** "Source: clicks -> Map -> Filter", as Flink names chains. */
  readonly name: string;
  /** The chained nodes, head first, each after its chained predecessor. */
  readonly nodes: readonly StreamNode[];
  /** Edges inside the chain (between nodes of `nodes`). */
  readonly chainedEdges: readonly StreamEdge[];
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** Network edges into this vertex. */
  readonly inputs: readonly JobEdge[];
  /** Network edges out of this vertex. */
  readonly outputs: readonly JobEdge[];
}

/** A network edge between two vertices. */
export interface JobEdge {
  readonly sourceVertex: number;
  readonly targetVertex: number;
  /** The node inside the source vertex whose (main or side) output feeds this edge. */
  readonly sourceNode: number;
  /** The node the edge enters in the target vertex (always its head). */
  readonly targetNode: number;
  readonly partitioner: PartitionerSpec;
  readonly inputIndex: 0 | 1;
  readonly sideOutputTag: string | undefined;
}

export class JobGraph {
  private constructor(
    readonly jobName: string,
    /** The job's config with `runtimeMode` resolved to 'streaming' or 'batch'. */
    readonly config: ResolvedExecutionConfig,
    readonly jobParameters: Readonly<Record<string, string>>,
    /** Vertices in topological order (every vertex after all of its inputs). */
    readonly vertices: readonly JobVertex[],
    readonly edges: readonly JobEdge[],
    /** The graph that was chained: the declared one with its combiners (batch plan, window pre-aggregations). */
    readonly streamGraph: StreamGraph,
  ) {}

  vertex(id: number): JobVertex {
    const v = this.vertices.find((x) => x.id === id);
    if (!v) throw new RangeError(`No vertex ${id} in the job graph of '${this.jobName}'.`);
    return v;
  }

  static fromStreamGraph(declared: StreamGraph): JobGraph {
    validate(declared);
    const mode = resolveRuntimeMode(declared);
    const config = resolvedConfig(declared.config, mode);
    const graph = windowPreAggregationPlan(mode === 'batch' ? batchPlan(declared, config) : declared);
    const order = topologicalOrder(graph);
    const chainHeadOf = new Map<number, number>();
    for (const node of order) {
      const inEdges = graph.inEdges(node.id);
      const chainedInput = inEdges.length === 1 && isChainable(graph, inEdges[0]) ? inEdges[0] : undefined;
      chainHeadOf.set(node.id, chainedInput ? chainHeadOf.get(chainedInput.sourceId)! : node.id);
    }

    const edges: JobEdge[] = [];
    for (const edge of graph.edges) {
      const sourceVertex = chainHeadOf.get(edge.sourceId)!;
      const targetVertex = chainHeadOf.get(edge.targetId)!;
      if (sourceVertex === targetVertex) continue;
      edges.push({
        sourceVertex,
        targetVertex,
        sourceNode: edge.sourceId,
        targetNode: edge.targetId,
        partitioner: resolvePartitioner(graph, edge),
        inputIndex: edge.inputIndex,
        sideOutputTag: edge.sideOutputTag,
      });
    }

    const vertices: JobVertex[] = [];
    for (const node of order) {
      if (chainHeadOf.get(node.id) !== node.id) continue;
      const nodes = order.filter((n) => chainHeadOf.get(n.id) === node.id);
      const ids = new Set(nodes.map((n) => n.id));
      vertices.push({
        id: node.id,
        name: nodes.map((n) => n.name).join(' -> '),
        nodes,
        chainedEdges: graph.edges.filter((e) => ids.has(e.sourceId) && ids.has(e.targetId)),
        parallelism: graph.parallelismOf(node),
        maxParallelism: graph.maxParallelismOf(node),
        inputs: edges.filter((e) => e.targetVertex === node.id),
        outputs: edges.filter((e) => e.sourceVertex === node.id),
      });
    }
    return new JobGraph(graph.jobName, config, graph.jobParameters, vertices, edges, graph);
  }
}

/** Flink's rule: one input, forward partitioning, equal parallelism, and neither side refusing. */
function isChainable(graph: StreamGraph, edge: StreamEdge): boolean {
  const source = graph.node(edge.sourceId);
  const target = graph.node(edge.targetId);
  return (
    edge.partitioner.kind === 'forward' &&
    target.chainingStrategy === 'always' &&
    source.chainingStrategy !== 'never' &&
    target.operator.kind !== 'source' &&
    graph.parallelismOf(source) === graph.parallelismOf(target) &&
    graph.maxParallelismOf(source) === graph.maxParallelismOf(target)
  );
}

/** A default (not user-chosen) forward edge between different parallelisms becomes rebalance. */
function resolvePartitioner(graph: StreamGraph, edge: StreamEdge): PartitionerSpec {
  if (edge.partitioner.kind !== 'forward') return edge.partitioner;
  const sameParallelism =
    graph.parallelismOf(graph.node(edge.sourceId)) === graph.parallelismOf(graph.node(edge.targetId));
  return sameParallelism ? edge.partitioner : { kind: 'rebalance' };
}

function validate(graph: StreamGraph): void {
  checkMaxParallelism(graph.config.maxParallelism, `job '${graph.jobName}'`);
  checkParallelism(graph.config.parallelism, graph.config.maxParallelism, `job '${graph.jobName}'`);
  if (graph.nodes.size === 0) {
    throw new JobDefinitionError(`Job '${graph.jobName}' declares no operators: add a source and a sink.`);
  }
  for (const node of graph.nodes.values()) {
    const what = describe(node);
    checkMaxParallelism(graph.maxParallelismOf(node), what);
    checkParallelism(graph.parallelismOf(node), graph.maxParallelismOf(node), what);
    const hasInputs = graph.inEdges(node.id).length > 0;
    if (node.operator.kind !== 'source' && !hasInputs) {
      throw new JobDefinitionError(`${what} has no input.`);
    }
  }
  const uids = new Map<string, StreamNode>();
  for (const node of graph.nodes.values()) {
    const other = uids.get(node.uid);
    if (other) {
      throw new JobDefinitionError(
        `${describe(node)} and ${describe(other)} have the same uid '${node.uid}'; uids must be unique in a job.`,
      );
    }
    uids.set(node.uid, node);
  }
  for (const edge of graph.edges) {
    const source = graph.node(edge.sourceId);
    const target = graph.node(edge.targetId);
    if (
      edge.partitionerSetByUser &&
      edge.partitioner.kind === 'forward' &&
      graph.parallelismOf(source) !== graph.parallelismOf(target)
    ) {
      throw new JobDefinitionError(
        `forward() connects ${describe(source)} (parallelism ${graph.parallelismOf(source)}) to ${describe(target)} ` +
          `(parallelism ${graph.parallelismOf(target)}); forward needs equal parallelism — use rebalance() or rescale().`,
      );
    }
  }
  const sinks = [...graph.nodes.values()].filter(
    (n) => graph.outEdges(n.id).length === 0 && n.operator.kind !== 'sink',
  );
  if (![...graph.nodes.values()].some((n) => n.operator.kind === 'sink')) {
    const dangling = sinks.map(describe).join(', ');
    throw new JobDefinitionError(
      `Job '${graph.jobName}' has no sink, so it would compute nothing visible (${dangling} ends nowhere); ` +
        'add sinkTo(...), print() or executeAndCollect().',
    );
  }
}

function topologicalOrder(graph: StreamGraph): StreamNode[] {
  const order: StreamNode[] = [];
  const done = new Set<number>();
  const visit = (node: StreamNode): void => {
    if (done.has(node.id)) return;
    done.add(node.id);
    for (const e of graph.inEdges(node.id)) visit(graph.node(e.sourceId));
    order.push(node);
  };
  // Node ids are declaration order, which keeps the order (and the plan printout) stable.
  for (const node of [...graph.nodes.values()].sort((a, b) => a.id - b.id)) visit(node);
  return order;
}
