/** What the checkpointing cluster fixtures commit, and what their file sink has committed. */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** What checkpointed-count commits for `events` records, sorted: for each key, one line per count 1..n. */
export function expectedCountLines(events: number): string[] {
  const counts = new Map<string, number>();
  const lines: string[] = [];
  for (let i = 0; i < events; i++) {
    const key = `k${(i * 7919) % 101}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    lines.push(`${key} ${count}`);
  }
  return lines.sort();
}

/** The lines of the committed part files in `directory`, sorted (in-progress and pending parts are hidden, named with a dot). */
export function committedLines(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => readFileSync(path.join(directory, name), 'utf8').split('\n').slice(0, -1))
    .sort();
}
