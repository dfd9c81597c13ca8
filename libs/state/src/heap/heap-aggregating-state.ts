import type { AggregateFunction } from '@weir/core';
import type { InternalAggregatingState, Namespace } from '../keyed-state-backend';
import { AbstractHeapSingleValueState } from './abstract-heap-single-value-state';
import type { HeapKeyContext } from './heap-key-context';
import type { StateTable } from './state-table';
import type { StateTtl, TtlValue } from './state-ttl';

/** AggregatingState on the heap: stores the accumulator, reads `getResult` of it. */
export class HeapAggregatingState<IN, ACC, OUT>
  extends AbstractHeapSingleValueState<ACC>
  implements InternalAggregatingState<IN, ACC, OUT>
{
  private readonly mergeAccumulators: (a: ACC, b: ACC) => ACC;

  constructor(
    table: StateTable<ACC | TtlValue<ACC>>,
    key: HeapKeyContext,
    ttl: StateTtl | undefined,
    private readonly aggregateFunction: AggregateFunction<IN, ACC, OUT>,
  ) {
    super(table, key, ttl);
    this.mergeAccumulators = (a, b) => aggregateFunction.merge(a, b);
  }

  get(): OUT | undefined {
    const accumulator = this.readValue(this.namespace);
    return accumulator === undefined ? undefined : this.aggregateFunction.getResult(accumulator);
  }

  add(value: IN): void {
    const fn = this.aggregateFunction;
    const current = this.readForUpdate(this.namespace);
    this.writeValue(this.namespace, fn.add(value, current === undefined ? fn.createAccumulator() : current));
  }

  getAccumulator(): ACC | undefined {
    return this.readValue(this.namespace);
  }

  addAccumulator(accumulator: ACC): void {
    const current = this.readForUpdate(this.namespace);
    this.writeValue(this.namespace, current === undefined ? accumulator : this.mergeAccumulators(current, accumulator));
  }

  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void {
    this.mergeNamespacesWith(target, sources, this.mergeAccumulators);
  }
}
