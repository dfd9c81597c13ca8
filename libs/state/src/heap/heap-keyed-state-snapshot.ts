import type { StateTableSnapshot } from './state-table-snapshot';

/**
 * The entries of every state in one key group, flat: `[normalizedKey, namespace, value, …]` per
 * state name.
 */
export type KeyGroupEntries = Record<string, unknown[]>;

/** A part of a keyed snapshot: entries of one key group (a key group may come in several parts). */
export interface KeyGroupChunk {
  readonly keyGroup: number;
  readonly entries: KeyGroupEntries;
}

/** Entries restored but not yet registered by the operator: they are state too, and unchanging. */
export interface UnregisteredEntries {
  readonly name: string;
  /** Flat entries per key group, by key group. */
  readonly byKeyGroup: ReadonlyMap<number, unknown[]>;
}

/**
 * A checkpoint's view of a HeapKeyedStateBackend: a copy-on-write snapshot of each of its state
 * tables, taken at the barrier in constant time, then written out key group by key group in
 * chunks while processing goes on between them (see StateTableSnapshot). The values of a chunk are
 * live objects: encode a chunk before the backend is used again.
 */
export class HeapKeyedStateSnapshot {
  private offset = 0;
  private tableIndex = 0;
  /** Whether the current key group's first chunk was taken (it carries the unregistered entries). */
  private begun = false;
  private closed = false;

  constructor(
    /** The kind of each state, by name. */
    readonly kinds: Readonly<Record<string, string>>,
    private readonly startKeyGroup: number,
    private readonly numberOfKeyGroups: number,
    private readonly tables: readonly StateTableSnapshot<unknown>[],
    private readonly unregistered: readonly UnregisteredEntries[],
  ) {}

  /** Whether every chunk has been taken (or the snapshot was closed). */
  get done(): boolean {
    return this.closed || this.offset >= this.numberOfKeyGroups;
  }

  /** The next chunk, of at most about `limit` entries, or undefined when every key group has been written. */
  next(limit: number): KeyGroupChunk | undefined {
    if (this.closed) return undefined;
    let entries: KeyGroupEntries | undefined;
    let count = 0;
    while (this.offset < this.numberOfKeyGroups) {
      const keyGroup = this.startKeyGroup + this.offset;
      if (!this.begun) {
        this.begun = true;
        for (const { name, byKeyGroup } of this.unregistered) {
          const flat = byKeyGroup.get(keyGroup);
          if (flat === undefined) continue;
          (entries ??= {})[name] = flat;
          count += flat.length / 3;
        }
      }
      for (; this.tableIndex < this.tables.length; this.tableIndex++) {
        const table = this.tables[this.tableIndex];
        const flat: unknown[] = [];
        const done = table.writeKeyGroup(this.offset, flat, Math.max(1, limit - count));
        if (flat.length > 0) (entries ??= {})[table.name] = flat;
        count += flat.length / 3;
        // Not done: the limit was reached.
        if (!done) return { keyGroup, entries: entries ?? {} };
      }
      this.tableIndex = 0;
      this.begun = false;
      this.offset++;
      if (entries !== undefined) return { keyGroup, entries };
    }
    return undefined;
  }

  /** Gives the snapshot up (a failed or canceled checkpoint): the tables stop keeping before-images. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const table of this.tables) table.close();
  }
}
