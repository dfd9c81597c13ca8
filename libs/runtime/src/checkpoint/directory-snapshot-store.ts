import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { SnapshotLocation, SnapshotStore } from './snapshot-store';

const METADATA = '_metadata';

/**
 * Snapshots in a local directory (embedded mode): `<root>/<jobId>/chk-<n>/` per checkpoint and
 * `<root>/savepoints/<name>/` per savepoint (or any absolute directory given as the name), each
 * with a file per subtask (`<vertex>-<subtask>`) and `_metadata`, which is written to a temporary
 * file and renamed into place: a rename is atomic, so a snapshot with `_metadata` is complete.
 */
export class DirectorySnapshotStore implements SnapshotStore {
  constructor(
    private readonly root: string,
    private readonly jobId: string,
  ) {}

  async putState(location: SnapshotLocation, vertex: number, subtask: number, bytes: Uint8Array): Promise<void> {
    const dir = this.directoryOf(location);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${vertex}-${subtask}`), bytes);
  }

  async getState(location: SnapshotLocation, vertex: number, subtask: number): Promise<Uint8Array | undefined> {
    return readIfExists(join(this.directoryOf(location), `${vertex}-${subtask}`));
  }

  async putMetadata(location: SnapshotLocation, metadata: Uint8Array): Promise<void> {
    const dir = this.directoryOf(location);
    await mkdir(dir, { recursive: true });
    const temporary = join(dir, `${METADATA}.inprogress`);
    await writeFile(temporary, metadata);
    await rename(temporary, join(dir, METADATA));
  }

  async getMetadata(location: SnapshotLocation): Promise<Uint8Array | undefined> {
    return readIfExists(join(this.directoryOf(location), METADATA));
  }

  async completedCheckpoints(): Promise<number[]> {
    let entries: string[];
    try {
      entries = await readdir(join(this.root, this.jobId));
    } catch {
      return [];
    }
    const ids: number[] = [];
    for (const entry of entries) {
      const match = /^chk-(\d+)$/.exec(entry);
      if (match === null) continue;
      const files = await readdir(join(this.root, this.jobId, entry));
      if (files.includes(METADATA)) ids.push(Number(match[1]));
    }
    return ids.sort((a, b) => a - b);
  }

  async discard(location: SnapshotLocation): Promise<void> {
    const dir = this.directoryOf(location);
    await rm(join(dir, METADATA), { force: true });
    await rm(dir, { recursive: true, force: true });
  }

  describe(location: SnapshotLocation): string {
    return this.directoryOf(location);
  }

  async close(): Promise<void> {}

  private directoryOf(location: SnapshotLocation): string {
    if (location.kind === 'checkpoint') return join(this.root, this.jobId, `chk-${location.id}`);
    return isAbsolute(location.name) ? location.name : join(this.root, 'savepoints', location.name);
  }
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
