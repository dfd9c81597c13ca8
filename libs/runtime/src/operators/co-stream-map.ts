import type { CoMapFunction, OperatorSpec } from '@weir/core';
import { StreamOperator } from './stream-operator';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type CoMapSpec = Extract<OperatorSpec, { kind: 'coMap' }>;

/** `connect(...).map(f1, f2)`: `map1` for input 0, `map2` for input 1 (Flink's CoStreamMap). */
export class CoStreamMap extends StreamOperator {
  private readonly fn: CoMapFunction<unknown, unknown, unknown>;

  constructor(spec: CoMapSpec) {
    super();
    this.fn = spec.fn;
  }

  override open(): void {
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number, input: number): void {
    this.output.collect(input === 0 ? this.fn.map1(value) : this.fn.map2(value), timestamp);
  }

  override close(): void {
    closeUserFunction(this.fn);
  }
}
