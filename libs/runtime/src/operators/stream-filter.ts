import type { FilterFunction, OperatorSpec } from '@weir/core';
import { StreamOperator } from './stream-operator';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type FilterSpec = Extract<OperatorSpec, { kind: 'filter' }>;

/** `filter`: forwards the records the predicate accepts, unchanged (Flink's StreamFilter). */
export class StreamFilter extends StreamOperator {
  private readonly fn: FilterFunction<unknown>;

  constructor(spec: FilterSpec) {
    super();
    this.fn = spec.fn;
  }

  override open(): void {
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number): void {
    if (this.fn.filter(value)) this.output.collect(value, timestamp);
  }

  override close(): void {
    closeUserFunction(this.fn);
  }
}
