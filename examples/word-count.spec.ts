import { StreamExecutionEnvironment } from '@weir/api';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HAMLET, wordCounts } from './word-count';
import { expectedWordCounts, printedWordCounts } from './testing/expected-word-counts';
import { runJobFile } from './testing/run-job-file';

interface WordCount {
  word: string;
  count: number;
}

/** The counts each word got, in the order they arrived (each word is counted by one subtask, in order). */
function countsPerWord(results: readonly WordCount[]): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const { word, count } of results) counts.set(word, [...(counts.get(word) ?? []), count]);
  return counts;
}

function sortedByWord(counts: Map<string, number[]>): [string, number[]][] {
  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}

describe('examples/word-count', () => {
  it('counts the built-in lines word by word', () => {
    const counts = expectedWordCounts(HAMLET);
    expect(counts.get('to')).toEqual([1, 2, 3]);
    expect(counts.get('be')).toEqual([1, 2]);
    expect(counts.get('tis')).toEqual([1]);
  });

  it.each([1, 2, 4])('emits each word count as it grows at parallelism %i', async (parallelism) => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
    const results = await wordCounts(env, {}).executeAndCollect();
    expect(sortedByWord(countsPerWord(results))).toEqual(sortedByWord(expectedWordCounts(HAMLET)));
  });

  describe('with --input', () => {
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(path.join(tmpdir(), 'weir-word-count-'));
    });
    afterAll(async () => {
      await rm(directory, { recursive: true, force: true });
    });

    it.each([1, 2])('counts the words of the file at parallelism %i', async (parallelism) => {
      const lines = ['the rest is silence', '', 'The Readiness is ALL', 'the end'];
      const input = path.join(directory, `input-${parallelism}.txt`);
      await writeFile(input, lines.join('\n') + '\n');
      const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
      const results = await wordCounts(env, { input }).executeAndCollect();
      expect(sortedByWord(countsPerWord(results))).toEqual(sortedByWord(expectedWordCounts(lines)));
    });
  });

  it('prints the counts when run as a job module', async () => {
    const want = printedWordCounts(HAMLET);
    const printed = await runJobFile(path.join(__dirname, 'word-count.ts'), {
      parallelism: 2,
      expectedLines: want.length,
    });
    expect(printed.sort()).toEqual(want.sort());
  });
});
