import { readdirSync } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError, type Committer, type CommitterContext } from '@weir/connector-sdk';
import type { FileCommittable } from './file-committable';
import type { PartFileNaming } from './part-file-naming';

/**
 * Makes a file sink's closed parts visible by renaming each from its in-progress name to its
 * committed one, an atomic step on one file system. Committing again what is already committed finds
 * the committed file in place and does nothing, so a replay after a restore writes no duplicate.
 */
export class FileCommitter implements Committer<FileCommittable> {
  constructor(
    private readonly naming: PartFileNaming,
    private readonly context: CommitterContext,
  ) {}

  async commit(committables: readonly FileCommittable[]): Promise<void> {
    for (const { inProgressPath, committedPath } of committables) {
      try {
        await rename(inProgressPath, committedPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (await exists(committedPath))) continue;
        throw new CheckpointError(
          `fileSink: cannot commit '${inProgressPath}' as '${committedPath}': ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
  }

  /**
   * Deletes the in-progress parts that a failed attempt of this subtask left and no checkpoint will
   * commit. After a change of parallelism a subtask also takes those of the former subtasks that map
   * to it (`subtask % parallelism`), so none is left behind.
   */
  async abortLingering(): Promise<void> {
    const { subtaskIndex, parallelism } = this.context;
    const directory = this.naming.directory;
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      const part = this.naming.parse(name);
      if (part === undefined || !part.inProgress || part.subtask % parallelism !== subtaskIndex) continue;
      await unlink(join(directory, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }

  close(): void {}
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
