/*
 * The word-count benchmark's input: a text file of words drawn from a Zipf-like vocabulary (a few
 * words very common, most rare, as in prose), made once and kept in bench/data/ (not committed).
 * Deterministic, so every machine counts the same text.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';

const VOCABULARY_SIZE = 50_000;
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'we', 'zu', 'an', 'el', 'is', 'or', 'um', 'ba'];

/** A small deterministic PRNG (mulberry32): the file must not depend on Math.random. */
function random(seed: number): () => number {
  let state = seed | 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The path of the file of about `sizeBytes` under `directory`, written first if it is not there yet. */
export function ensureWordFile(directory: string, sizeBytes: number): string {
  const file = path.join(directory, `words-${Math.round(sizeBytes / 2 ** 20)}mb.txt`);
  if (existsSync(file) && statSync(file).size >= sizeBytes) return file;
  mkdirSync(directory, { recursive: true });
  const next = random(42);
  const vocabulary = Array.from({ length: VOCABULARY_SIZE }, (_, rank) => {
    let word = '';
    for (let n = 2 + (rank % 4); n > 0; n--) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    return `${word}${rank}`;
  });
  // Zipf with exponent 1: the rank-r word has weight 1/r; a draw is a binary search of the cumulative weights.
  const cumulative = new Float64Array(VOCABULARY_SIZE);
  let total = 0;
  for (let r = 0; r < VOCABULARY_SIZE; r++) cumulative[r] = total += 1 / (r + 1);
  const draw = (): string => {
    const target = next() * total;
    let lo = 0;
    let hi = VOCABULARY_SIZE - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo];
  };

  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  try {
    let written = 0;
    while (written < sizeBytes) {
      const lines: string[] = [];
      for (let i = 0; i < 20_000; i++) {
        const words: string[] = [];
        for (let n = 5 + Math.floor(next() * 11); n > 0; n--) words.push(draw());
        lines.push(words.join(' '));
      }
      written += writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return file;
}
