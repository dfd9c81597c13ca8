/**
 * Memory a subtask's snapshots encode their parts into, kept from one checkpoint to the next. Fresh
 * buffers for every part cost more than the encoding: V8 counts ArrayBuffers as external memory, and
 * each ~64 MB of new ones makes it mark the whole heap, which for a subtask holding 1 GB of state is
 * a second of its thread, several times per checkpoint. Parts are copied into slabs that the next
 * snapshot writes over, so a steady job allocates nothing for its checkpoints but the frame.
 *
 * One snapshot uses an arena at a time (`acquire`/`release`): its parts stay valid until it has
 * copied them into its frame.
 */
export class SnapshotArena {
  private readonly slabs: Uint8Array[] = [];
  /** The slab being filled, and where its free space begins. */
  private slab = 0;
  private at = 0;
  private inUse = false;

  /** An arena of `arenas` that no snapshot is using (a new one if all are), taken for one snapshot. */
  static acquire(arenas: SnapshotArena[]): SnapshotArena {
    let arena = arenas.find((a) => !a.inUse);
    if (arena === undefined) arenas.push((arena = new SnapshotArena()));
    arena.inUse = true;
    arena.rewind();
    return arena;
  }

  /** The snapshot is done with its parts (copied into its frame, or given up). */
  release(): void {
    this.inUse = false;
  }

  /** Copies `bytes` in; the view returned is valid until the arena is acquired again. */
  append(bytes: Uint8Array): Uint8Array {
    let slab = this.slabs[this.slab];
    if (slab === undefined || this.at + bytes.length > slab.length) {
      if (slab !== undefined) this.slab++;
      this.at = 0;
      slab = this.slabs[this.slab];
      if (slab === undefined || bytes.length > slab.length) {
        slab = new Uint8Array(Math.max(SLAB_BYTES, bytes.length));
        this.slabs.splice(this.slab, 0, slab);
      }
    }
    const view = slab.subarray(this.at, this.at + bytes.length);
    view.set(bytes);
    this.at += bytes.length;
    return view;
  }

  /** Starts over at the first slab, keeping only the slabs the last snapshot filled: a state that shrank frees its memory. */
  private rewind(): void {
    this.slabs.length = this.at > 0 ? this.slab + 1 : this.slab;
    this.slab = 0;
    this.at = 0;
  }
}

const SLAB_BYTES = 4 * 2 ** 20;
