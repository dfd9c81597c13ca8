import type { FlatMapFunction, OperatorSpec } from '@weir/core';
import { StreamOperator } from './stream-operator';
import { TimestampedCollector } from './timestamped-collector';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type FlatMapSpec = Extract<OperatorSpec, { kind: 'flatMap' }>;

/**
 * `flatMap`: any number of results per record, each with the record's timestamp (Flink's
 * StreamFlatMap). The API turns a lambda returning an iterable into the collector form first.
 */
export class StreamFlatMap extends StreamOperator {
  private readonly fn: FlatMapFunction<unknown, unknown>;
  private collector!: TimestampedCollector<unknown>;

  constructor(spec: FlatMapSpec) {
    super();
    this.fn = spec.fn;
  }

  override open(): void {
    this.collector = new TimestampedCollector(this.output);
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.fn.flatMap(value, this.collector);
  }

  override close(): void {
    closeUserFunction(this.fn);
  }
}
