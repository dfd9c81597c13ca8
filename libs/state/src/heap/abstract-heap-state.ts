import { VOID_NAMESPACE, type InternalKvState, type Namespace } from '../keyed-state-backend';
import type { HeapKeyContext } from './heap-key-context';
import type { StateTable } from './state-table';
import type { StateTtl } from './state-ttl';

/**
 * What every heap state kind shares: its table, the backend's current key, its own current namespace
 * and its TTL (undefined when off, which every kind checks first so the plain path stays plain).
 */
export abstract class AbstractHeapState<S> implements InternalKvState {
  protected namespace: Namespace = VOID_NAMESPACE;

  constructor(
    protected readonly table: StateTable<S>,
    protected readonly key: HeapKeyContext,
    protected readonly ttl: StateTtl | undefined,
  ) {}

  get name(): string {
    return this.table.name;
  }

  setCurrentNamespace(namespace: Namespace): void {
    this.namespace = namespace;
  }

  clear(): void {
    this.table.remove(this.key.keyGroupOffset, this.key.normalizedKey, this.namespace);
  }

  clearNamespace(namespace: Namespace): void {
    this.table.removeNamespace(namespace);
  }

  protected getStored(namespace: Namespace): S | undefined {
    return this.table.get(this.key.keyGroupOffset, this.key.normalizedKey, namespace);
  }

  protected putStored(namespace: Namespace, value: S): void {
    this.table.put(this.key.keyGroupOffset, this.key.normalizedKey, namespace, value);
  }

  protected removeStored(namespace: Namespace): void {
    this.table.remove(this.key.keyGroupOffset, this.key.normalizedKey, namespace);
  }
}
