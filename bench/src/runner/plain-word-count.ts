/*
 * The yardstick for the word-count benchmark: what a developer would write by hand in plain Node —
 * read the file in chunks, split lines and words, count in a Map — with no framework in the way.
 * It tokenises exactly as the word-count job does, so both count the same words.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface PlainWordCount {
  readonly wallMs: number;
  readonly words: number;
  readonly distinctWords: number;
}

export function plainWordCount(path: string): PlainWordCount {
  const start = performance.now();
  const counts = new Map<string, number>();
  let words = 0;
  const countLine = (line: string): void => {
    const tokens = line.split(' ');
    for (let i = 0; i < tokens.length; i++) {
      const word = tokens[i];
      if (word === '') continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
      words++;
    }
  };
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    const decoder = new StringDecoder('utf8');
    let carry = '';
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const lines = (carry + decoder.write(buffer.subarray(0, n))).split('\n');
      carry = lines.pop() ?? '';
      for (let i = 0; i < lines.length; i++) countLine(lines[i]);
    }
    countLine(carry + decoder.end());
  } finally {
    closeSync(fd);
  }
  return { wallMs: performance.now() - start, words, distinctWords: counts.size };
}
