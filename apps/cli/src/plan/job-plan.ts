/**
 * The plan `weir info` prints: the JobGraph (operators chained into vertices, network edges between
 * them) as plain data. `weir info --json` prints exactly this, so it is a stable, documented
 * structure: fields may be added, never renamed or removed. The text and dot renderings read it too.
 */
import type { OperatorKind, PartitionerSpec } from '@weir/core';
import type { JobGraph, ResolvedRuntimeMode } from '@weir/runtime';

export interface JobPlan {
  jobName: string;
  /** How the job runs: 'automatic' is already resolved. Batch plans hold combiners ('localReduce'). */
  runtimeMode: ResolvedRuntimeMode;
  /** The job's default parallelism. */
  parallelism: number;
  /** The job's default max parallelism (its number of key groups). */
  maxParallelism: number;
  /** Every vertex after the vertices it reads from. */
  vertices: PlanVertex[];
  /** The network edges between vertices; inside a vertex, operators call each other directly. */
  edges: PlanEdge[];
}

/** One chain of operators, deployed as `parallelism` subtasks. */
export interface PlanVertex {
  /** The id of the vertex's first operator. */
  id: number;
  /** The chained operators' names joined with " -> ". */
  name: string;
  parallelism: number;
  maxParallelism: number;
  /** Head first; each after the operator it is chained to. */
  operators: PlanOperator[];
}

export interface PlanOperator {
  id: number;
  uid: string;
  name: string;
  /** 'source', 'map', 'window', 'sink'… (the StreamGraph's OperatorSpec kinds). */
  kind: OperatorKind;
  /** Where the job's code declared it, "file:line", or null when unknown. */
  declaredAt: string | null;
}

/** Partitioners by their Flink names. */
export type PartitionerName = 'FORWARD' | 'REBALANCE' | 'RESCALE' | 'SHUFFLE' | 'BROADCAST' | 'GLOBAL' | 'HASH';

export interface PlanEdge {
  /** The vertex the records come from. */
  source: number;
  /** The vertex the records go to (into its first operator). */
  target: number;
  /** The operator, inside the source vertex, whose output this is. */
  sourceOperator: number;
  partitioner: PartitionerName;
  /** Which input of the target: 0, or 1 for the second input of a two-input operator (connect, join). */
  inputIndex: 0 | 1;
  /** The side output's tag when the edge carries one instead of the main output, else null. */
  sideOutput: string | null;
}

const TWO_INPUT_KINDS: ReadonlySet<OperatorKind> = new Set<OperatorKind>([
  'coMap',
  'coFlatMap',
  'coProcess',
  'keyedCoProcess',
  'broadcastProcess',
  'intervalJoin',
]);

export function describePlan(jobGraph: JobGraph): JobPlan {
  return {
    jobName: jobGraph.jobName,
    runtimeMode: jobGraph.config.runtimeMode,
    parallelism: jobGraph.config.parallelism,
    maxParallelism: jobGraph.config.maxParallelism,
    vertices: jobGraph.vertices.map((vertex) => ({
      id: vertex.id,
      name: vertex.name,
      parallelism: vertex.parallelism,
      maxParallelism: vertex.maxParallelism,
      operators: vertex.nodes.map((node) => ({
        id: node.id,
        uid: node.uid,
        name: node.name,
        kind: node.operator.kind,
        declaredAt: node.declaredAt ?? null,
      })),
    })),
    edges: jobGraph.edges.map((edge) => ({
      source: edge.sourceVertex,
      target: edge.targetVertex,
      sourceOperator: edge.sourceNode,
      partitioner: partitionerName(edge.partitioner),
      inputIndex: edge.inputIndex,
      sideOutput: edge.sideOutputTag ?? null,
    })),
  };
}

export function partitionerName(partitioner: PartitionerSpec): PartitionerName {
  return partitioner.kind.toUpperCase() as PartitionerName;
}

/** True when the edge enters an operator with two inputs, whose input index is worth showing. */
export function entersTwoInputOperator(plan: JobPlan, edge: PlanEdge): boolean {
  const target = plan.vertices.find((v) => v.id === edge.target)!;
  return TWO_INPUT_KINDS.has(target.operators[0].kind);
}

/** "first input" / "second input". */
export function inputName(edge: PlanEdge): string {
  return edge.inputIndex === 0 ? 'first input' : 'second input';
}
