import type { MapFunction, OperatorSpec } from '@weir/core';
import { StreamOperator } from './stream-operator';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type MapSpec = Extract<OperatorSpec, { kind: 'map' }>;

/** `map`: one result per record, with the record's timestamp (Flink's StreamMap). */
export class StreamMap extends StreamOperator {
  private readonly fn: MapFunction<unknown, unknown>;

  constructor(spec: MapSpec) {
    super();
    this.fn = spec.fn;
  }

  override open(): void {
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number): void {
    this.output.collect(this.fn.map(value), timestamp);
  }

  override close(): void {
    closeUserFunction(this.fn);
  }
}
