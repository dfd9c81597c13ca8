/**
 * The per-operator settings shared by DataStream and DataStreamSink (`name`, `uid`,
 * `setParallelism`, `setMaxParallelism`, chaining), checked when they are set.
 */
import { UPPER_BOUND_MAX_PARALLELISM } from '@weir/common';
import type { StreamGraph, StreamNode } from '@weir/core';
import { declarationError } from './declaration-site';
import { describeValue } from './user-functions';

/** @internal */
export function setNodeName(node: StreamNode, name: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw declarationError('name()', `an operator name must be a non-empty string, not ${describeValue(name)}.`);
  }
  node.name = name;
}

/** @internal */
export function setNodeUid(graph: StreamGraph, node: StreamNode, uid: string): void {
  if (typeof uid !== 'string' || uid.trim() === '') {
    throw declarationError('uid()', `a uid must be a non-empty string, not ${describeValue(uid)}.`);
  }
  for (const other of graph.nodes.values()) {
    if (other !== node && other.uid === uid) {
      throw declarationError(
        'uid()',
        `the uid '${uid}' is already the uid of operator '${other.name}'` +
          `${other.declaredAt === undefined ? '' : ` (declared at ${other.declaredAt})`}; ` +
          'uids must be unique in a job, since state is restored by uid.',
      );
    }
  }
  node.uid = uid;
  node.uidSetByUser = true;
}

/** @internal */
export function setNodeParallelism(node: StreamNode, parallelism: number): void {
  const call = `setParallelism(${String(parallelism)})`;
  if (!Number.isSafeInteger(parallelism) || parallelism < 1) {
    throw declarationError(
      call,
      `the parallelism of operator '${node.name}' must be a whole number of at least 1, not ${String(parallelism)}.`,
    );
  }
  const operator = node.operator;
  if (operator.kind === 'source' && operator.source.fixedParallelism !== undefined) {
    if (parallelism !== operator.source.fixedParallelism) {
      throw declarationError(
        call,
        `'${node.name}' always runs with parallelism ${operator.source.fixedParallelism} (it is not a parallel ` +
          'source); leave its parallelism as it is and rebalance() the stream to spread the records.',
      );
    }
  }
  if (operator.kind === 'window' && operator.keySelector === undefined && parallelism !== 1) {
    throw declarationError(
      call,
      `'${node.name}' is a windowAll operator, which sees the whole stream and so runs with parallelism 1; ` +
        'key the stream with keyBy(...) before window(...) to evaluate windows in parallel.',
    );
  }
  node.parallelism = parallelism;
}

/** @internal */
export function setNodeMaxParallelism(node: StreamNode, maxParallelism: number): void {
  if (!Number.isSafeInteger(maxParallelism) || maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
    throw declarationError(
      `setMaxParallelism(${String(maxParallelism)})`,
      `the max parallelism of operator '${node.name}' must be a whole number from 1 to ` +
        `${UPPER_BOUND_MAX_PARALLELISM}, not ${String(maxParallelism)}.`,
    );
  }
  node.maxParallelism = maxParallelism;
}
