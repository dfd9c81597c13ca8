import type { InternalReducingState, Namespace } from '../keyed-state-backend';
import { AbstractHeapSingleValueState } from './abstract-heap-single-value-state';
import type { HeapKeyContext } from './heap-key-context';
import type { StateTable } from './state-table';
import type { StateTtl, TtlValue } from './state-ttl';

/** ReducingState on the heap: every added value is folded into the stored one with the reduce function. */
export class HeapReducingState<T> extends AbstractHeapSingleValueState<T> implements InternalReducingState<T> {
  constructor(
    table: StateTable<T | TtlValue<T>>,
    key: HeapKeyContext,
    ttl: StateTtl | undefined,
    private readonly reduce: (a: T, b: T) => T,
  ) {
    super(table, key, ttl);
  }

  get(): T | undefined {
    return this.readValue(this.namespace);
  }

  add(value: T): void {
    const current = this.readForUpdate(this.namespace);
    this.writeValue(this.namespace, current === undefined ? value : this.reduce(current, value));
  }

  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void {
    this.mergeNamespacesWith(target, sources, this.reduce);
  }
}
