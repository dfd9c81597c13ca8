import type { InternalValueState } from '../keyed-state-backend';
import { AbstractHeapSingleValueState } from './abstract-heap-single-value-state';
import type { HeapKeyContext } from './heap-key-context';
import type { StateTable } from './state-table';
import type { StateTtl, TtlValue } from './state-ttl';

/** ValueState on the heap: one value per (key, namespace), the descriptor's default when absent. */
export class HeapValueState<T> extends AbstractHeapSingleValueState<T> implements InternalValueState<T> {
  constructor(
    table: StateTable<T | TtlValue<T>>,
    key: HeapKeyContext,
    ttl: StateTtl | undefined,
    private readonly defaultValue: T | undefined,
  ) {
    super(table, key, ttl);
  }

  value(): T | undefined {
    const value = this.readValue(this.namespace);
    return value === undefined ? this.defaultValue : value;
  }

  /** As Flink's `update(null)`, `update(undefined)` clears the value. */
  update(value: T): void {
    if (value === undefined) this.removeStored(this.namespace);
    else this.writeValue(this.namespace, value);
  }
}
