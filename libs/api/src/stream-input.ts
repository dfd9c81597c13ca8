/**
 * What a DataStream is underneath: the outputs the next operator will read, and how each is
 * partitioned. As in Flink, keyBy, rebalance, union and getSideOutput create no node of their own
 * (they are "virtual"); they only change how the next operator's input edges are made.
 */
import type { PartitionerSpec, StreamGraph } from '@weir/core';
import type { StreamExecutionEnvironment } from './stream-execution-environment';

/** @internal One output of a node, as one input of the operators declared on the stream. */
export interface StreamInput {
  readonly nodeId: number;
  /** Set when the input is a side output of the node instead of its main output. */
  readonly sideOutputTag: string | undefined;
  readonly partitioner: PartitionerSpec;
  /** False for the default (forward when parallelisms match, else rebalance), decided by the runtime. */
  readonly partitionerSetByUser: boolean;
}

/**
 * @internal What an operator needs of a stream to read it, whatever its element type: DataStream<T>
 * is invariant in T (T is both read and written), so the plumbing takes this instead.
 */
export interface ConnectableStream {
  readonly graph: StreamGraph;
  readonly inputs: readonly StreamInput[];
  getExecutionEnvironment(): StreamExecutionEnvironment;
}

const DEFAULT_PARTITIONER: PartitionerSpec = { kind: 'forward' };

/** @internal A node's main (or side) output with the default partitioning. */
export function outputOf(nodeId: number, sideOutputTag?: string): StreamInput {
  return { nodeId, sideOutputTag, partitioner: DEFAULT_PARTITIONER, partitionerSetByUser: false };
}

/** @internal The same inputs, all partitioned as the user asked. */
export function partitionedAs(inputs: readonly StreamInput[], partitioner: PartitionerSpec): StreamInput[] {
  return inputs.map((input) => ({ ...input, partitioner, partitionerSetByUser: true }));
}
