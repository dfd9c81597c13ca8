/**
 * What the word-count example must emit, computed apart from Weir with plain loops, for its unit
 * test and for the end-to-end test that runs it through the `weir` command line.
 */
import { inspect } from 'node:util';

/** Each word's counts as they grow (1, 2, 3…), words in order of first appearance: what keyBy + sum emits. */
export function expectedWordCounts(lines: readonly string[]): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const line of lines) {
    for (const word of line.toLowerCase().split(/[^a-z0-9_]+/)) {
      if (word === '') continue;
      const seen = counts.get(word) ?? [];
      seen.push(seen.length + 1);
      counts.set(word, seen);
    }
  }
  return counts;
}

/** The lines print() shows for those counts (in no particular order), without the subtask prefix. */
export function printedWordCounts(lines: readonly string[]): string[] {
  const printed: string[] = [];
  for (const [word, counts] of expectedWordCounts(lines)) {
    for (const count of counts) printed.push(inspect({ word, count }, { compact: true, breakLength: Infinity }));
  }
  return printed;
}
