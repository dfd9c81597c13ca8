import { join } from 'node:path';

/**
 * The names of a file sink's part files (Flink's FileSink): `<prefix>-<subtask>-<n><suffix>` once
 * committed, and `.<prefix>-<subtask>-<n><suffix>.inprogress` before, hidden (a leading '.') so a
 * file source reading the directory never sees a part that is not committed.
 */
export class PartFileNaming {
  private readonly pattern: RegExp;

  constructor(
    readonly directory: string,
    readonly prefix: string,
    readonly suffix: string,
  ) {
    this.pattern = new RegExp(`^(\\.?)${escape(prefix)}-(\\d+)-(\\d+)${escape(suffix)}(\\.inprogress)?$`);
  }

  committedPath(subtask: number, part: number): string {
    return join(this.directory, `${this.prefix}-${subtask}-${part}${this.suffix}`);
  }

  inProgressPath(subtask: number, part: number): string {
    return join(this.directory, `.${this.prefix}-${subtask}-${part}${this.suffix}.inprogress`);
  }

  /** What a file name in the directory is to this sink: a part of which subtask, committed or not; or nothing. */
  parse(name: string): { subtask: number; part: number; inProgress: boolean } | undefined {
    const match = this.pattern.exec(name);
    if (match === null) return undefined;
    const inProgress = match[4] !== undefined;
    // A committed name has no leading dot and an in-progress one has it: anything else is not ours.
    if ((match[1] === '.') !== inProgress) return undefined;
    return { subtask: Number(match[2]), part: Number(match[3]), inProgress };
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
