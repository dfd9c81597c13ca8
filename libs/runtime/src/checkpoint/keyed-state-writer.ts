/*
 * The asynchronous part of a keyed operator's checkpoint (DESIGN.md §6 step 4): at the barrier the
 * backend's state is taken as a copy-on-write view and its timers as lists (timers never change
 * once made, so a list of them is a copy); afterwards the writer encodes the view a chunk at a time
 * in the subtask's own steps, between batches, so processing goes on while it writes. The chunks'
 * values are live objects, so each is encoded in the step that takes it.
 */
import type {
  HeapKeyedStateBackend,
  HeapKeyedStateSnapshot,
  HeapTimeServiceManager,
  KeyGroupEntries,
  KeyGroupTimers,
} from '@weir/state';
import type { KeyedSnapshot } from './operator-snapshot';
import { NumericEntries } from './numeric-entries';
import type { SnapshotArena } from './snapshot-arena';
import { encodeStateInto } from './state-codec';

/** Entries per encoded part: small enough that a step overruns its slice by well under a millisecond. */
const ENTRIES_PER_PART = 512;

export class KeyedStateWriter {
  private readonly groups: [number, Uint8Array][] = [];
  private readonly timers = new Map<number, KeyGroupTimers>();
  private readonly snapshot: HeapKeyedStateSnapshot;
  private finished = false;

  /** Takes the view: the synchronous part, at the barrier. The parts are encoded into `arena`. */
  constructor(
    backend: HeapKeyedStateBackend,
    timers: HeapTimeServiceManager | undefined,
    private readonly arena: SnapshotArena,
  ) {
    this.snapshot = backend.snapshot();
    if (timers === undefined) return;
    const range = backend.keyGroupRange;
    for (let keyGroup = range.startKeyGroup; keyGroup <= range.endKeyGroup; keyGroup++) {
      const groupTimers = timers.snapshotKeyGroup(keyGroup);
      if (groupTimers !== undefined) this.timers.set(keyGroup, groupTimers);
    }
  }

  get done(): boolean {
    return this.finished;
  }

  /** Encodes parts until `deadline` (performance.now()); returns true while there is more to encode. */
  write(deadline: number): boolean {
    if (this.finished) return false;
    for (let chunk = this.snapshot.next(ENTRIES_PER_PART); chunk !== undefined;) {
      const timers = this.timers.get(chunk.keyGroup);
      this.timers.delete(chunk.keyGroup);
      // A KeyGroupSnapshot once read back: NumericEntries decode to the flat entries.
      const part = { state: numbersWhereTheyFit(chunk.entries), timers };
      this.groups.push([chunk.keyGroup, encodeStateInto(part, this.arena)]);
      if (performance.now() >= deadline) return true;
      chunk = this.snapshot.next(ENTRIES_PER_PART);
    }
    // Key groups with timers and no state.
    for (const [keyGroup, timers] of this.timers) this.groups.push([keyGroup, encodeStateInto({ timers }, this.arena)]);
    this.timers.clear();
    this.finished = true;
    return false;
  }

  /** The operator's keyed snapshot: a key group's state may come in several parts. */
  result(): KeyedSnapshot {
    return { kinds: this.snapshot.kinds, groups: this.groups };
  }

  /** Gives the checkpoint up: the backend stops keeping before-images for it. */
  close(): void {
    this.snapshot.close();
  }
}

/** Each state's entries as one array of numbers where they are all numbers (NumericEntries), else as they are. */
function numbersWhereTheyFit(entries: KeyGroupEntries): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(entries)) out[name] = NumericEntries.of(entries[name]) ?? entries[name];
  return out;
}
