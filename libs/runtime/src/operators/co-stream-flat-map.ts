import type { CoFlatMapFunction, OperatorSpec } from '@weir/core';
import { StreamOperator } from './stream-operator';
import { TimestampedCollector } from './timestamped-collector';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type CoFlatMapSpec = Extract<OperatorSpec, { kind: 'coFlatMap' }>;

/** `connect(...).flatMap(...)`: `flatMap1` for input 0, `flatMap2` for input 1 (Flink's CoStreamFlatMap). */
export class CoStreamFlatMap extends StreamOperator {
  private readonly fn: CoFlatMapFunction<unknown, unknown, unknown>;
  private collector!: TimestampedCollector<unknown>;

  constructor(spec: CoFlatMapSpec) {
    super();
    this.fn = spec.fn;
  }

  override open(): void {
    this.collector = new TimestampedCollector(this.output);
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number, input: number): void {
    this.collector.timestamp = timestamp;
    if (input === 0) this.fn.flatMap1(value, this.collector);
    else this.fn.flatMap2(value, this.collector);
  }

  override close(): void {
    closeUserFunction(this.fn);
  }
}
