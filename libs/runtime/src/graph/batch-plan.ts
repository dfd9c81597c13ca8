/*
 * The plan a batch-mode job runs (Flink's batch combiners): every keyed reduce fed through hash edges
 * gets a local pre-reduce on each sending side, which folds records per key before the shuffle so
 * that only partial results cross it. That is correct because reduce functions are associative, as
 * Flink assumes; it pays because a batch reduce emits only at the end of input anyway.
 */
import type { StreamGraph } from '@weir/core';
import { insertCombiners } from './combiner-insertion';
import type { ResolvedExecutionConfig } from './runtime-mode';

/** The StreamGraph a batch job runs: `graph` with combiners inserted, and `config`. */
export function batchPlan(graph: StreamGraph, config: ResolvedExecutionConfig): StreamGraph {
  return insertCombiners(graph, config, ({ name, operator }, inputs) =>
    operator.kind === 'keyedReduce' && inputs.every((input) => input.partitioner.kind === 'hash')
      ? {
          combiner: { kind: 'localReduce', fn: operator.fn, keySelector: operator.keySelector },
          combinerName: `Combine (${name})`,
          operator,
        }
      : undefined,
  );
}
