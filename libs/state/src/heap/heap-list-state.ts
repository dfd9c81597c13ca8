import type { InternalListState, Namespace } from '../keyed-state-backend';
import { AbstractHeapState } from './abstract-heap-state';
import { TtlValue } from './state-ttl';

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * ListState on the heap: one array per (key, namespace), never an empty one (clearing or updating to
 * nothing removes the entry). With TTL each element carries its own timestamp, as in Flink.
 * Without TTL `get()` returns the stored array itself (no copy per read): a view, not a snapshot.
 */
export class HeapListState<T> extends AbstractHeapState<(T | TtlValue<T>)[]> implements InternalListState<T> {
  get(): Iterable<T> {
    const stored = this.getStored(this.namespace);
    if (stored === undefined) return EMPTY;
    if (this.ttl === undefined) return stored as T[];
    return this.readLive(stored as TtlValue<T>[]);
  }

  add(value: T): void {
    const element = this.wrap(value);
    const stored = this.getStored(this.namespace);
    if (stored === undefined) this.putStored(this.namespace, [element]);
    else stored.push(element);
  }

  addAll(values: Iterable<T>): void {
    let stored = this.getStored(this.namespace);
    for (const value of values) {
      if (stored === undefined) {
        stored = [];
        this.putStored(this.namespace, stored);
      }
      stored.push(this.wrap(value));
    }
  }

  update(values: Iterable<T>): void {
    this.removeStored(this.namespace);
    this.addAll(values);
  }

  /** Appends the lists of `sources`, in order, to the list of `target` and removes them. */
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void {
    let merged = this.getStored(target);
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i];
      if (source === target) continue;
      const stored = this.getStored(source);
      if (stored === undefined) continue;
      this.removeStored(source);
      const elements = this.ttl === undefined ? stored : this.dropExpired(stored as TtlValue<T>[]);
      if (elements.length === 0) continue;
      if (merged === undefined) {
        merged = elements;
        this.putStored(target, merged);
      } else {
        for (let j = 0; j < elements.length; j++) merged.push(elements[j]);
      }
    }
  }

  private wrap(value: T): T | TtlValue<T> {
    const ttl = this.ttl;
    return ttl === undefined ? value : new TtlValue(value, ttl.now());
  }

  /** The visible values of a TTL list; expired elements are removed from the stored list. */
  private readLive(stored: TtlValue<T>[]): T[] {
    const ttl = this.ttl!;
    const now = ttl.now();
    const values: T[] = [];
    let kept = 0;
    for (let i = 0; i < stored.length; i++) {
      const element = stored[i];
      if (ttl.isExpired(element, now)) {
        if (ttl.returnExpired) values.push(element.value);
        continue;
      }
      if (ttl.updateOnRead) element.timestamp = now;
      values.push(element.value);
      stored[kept++] = element;
    }
    if (kept === 0) this.removeStored(this.namespace);
    else stored.length = kept;
    return values;
  }

  private dropExpired(stored: TtlValue<T>[]): TtlValue<T>[] {
    const ttl = this.ttl!;
    const now = ttl.now();
    return stored.filter((element) => !ttl.isExpired(element, now));
  }
}
