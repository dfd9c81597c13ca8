import { SnapshotArena } from './snapshot-arena';

const MiB = 2 ** 20;
const bytes = (length: number, fill: number): Uint8Array => new Uint8Array(length).fill(fill);

describe('SnapshotArena', () => {
  it('keeps copies of the parts, across slabs and parts larger than a slab', () => {
    const arena = SnapshotArena.acquire([]);
    const parts = [bytes(3 * MiB, 1), bytes(2 * MiB, 2), bytes(9 * MiB, 3), bytes(10, 4), bytes(0, 5)];
    const views = parts.map((part) => arena.append(part));
    // Buffer's compare: Jest's toEqual walks megabytes element by element.
    views.forEach((view, i) => expect(Buffer.compare(view, parts[i])).toBe(0));
    // Copies, not the parts themselves: the caller's buffer may be written over (the packer's is).
    parts[0].fill(7);
    expect(views[0][0]).toBe(1);
  });

  it('is reused by the next snapshot once released, and not before', () => {
    const arenas: SnapshotArena[] = [];
    const first = SnapshotArena.acquire(arenas);
    const part = first.append(bytes(100, 1));
    // A snapshot still copying its parts into its frame: the next one gets an arena of its own.
    const second = SnapshotArena.acquire(arenas);
    expect(second).not.toBe(first);
    second.append(bytes(100, 2));
    expect(part[0]).toBe(1);

    first.release();
    expect(SnapshotArena.acquire(arenas)).toBe(first);
    const again = first.append(bytes(100, 3));
    expect(again.buffer).toBe(part.buffer);
    expect(part[0]).toBe(3);
    expect(arenas).toHaveLength(2);
  });

  it('lets go of the slabs a smaller snapshot no longer fills', () => {
    const arenas: SnapshotArena[] = [];
    const arena = SnapshotArena.acquire(arenas);
    const large = [1, 2, 3].map((i) => arena.append(bytes(3 * MiB, i)));
    arena.release();
    SnapshotArena.acquire(arenas);
    const small = arena.append(bytes(10, 9));
    expect(small.buffer).toBe(large[0].buffer);
    arena.release();
    SnapshotArena.acquire(arenas);
    // The second and third slabs went with the smaller snapshot; a larger one makes a new slab.
    arena.append(bytes(3 * MiB, 8));
    const next = arena.append(bytes(3 * MiB, 7));
    expect(next.buffer).not.toBe(large[1].buffer);
    expect(large[1][0]).toBe(2);
  });
});
