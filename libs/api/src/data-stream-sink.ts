/**
 * DataStreamSink: what `sinkTo` and `print` return, to name the sink operator and set its uid,
 * parallelism and chaining. The end of a pipeline: nothing reads from it.
 */
import type { StreamGraph, StreamNode } from '@weir/core';
import { setNodeMaxParallelism, setNodeName, setNodeParallelism, setNodeUid } from './node-settings';

export class DataStreamSink {
  /** @internal */
  constructor(
    private readonly graph: StreamGraph,
    private readonly node: StreamNode,
  ) {}

  name(name: string): this {
    setNodeName(this.node, name);
    return this;
  }

  uid(uid: string): this {
    setNodeUid(this.graph, this.node, uid);
    return this;
  }

  setParallelism(parallelism: number): this {
    setNodeParallelism(this.node, parallelism);
    return this;
  }

  setMaxParallelism(maxParallelism: number): this {
    setNodeMaxParallelism(this.node, maxParallelism);
    return this;
  }

  disableChaining(): this {
    this.node.chainingStrategy = 'never';
    return this;
  }
}
