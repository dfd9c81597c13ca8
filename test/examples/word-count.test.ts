/**
 * The README's demo as a user runs it: `weir run examples/word-count.ts` in a process of its own
 * must print every word's count as it grows, and nothing else, on stdout, and exit 0.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { printedWordCounts } from '../../examples/testing/expected-word-counts';
import { withoutSubtask } from '../../examples/testing/run-job-file';
import { HAMLET } from '../../examples/word-count';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'apps/cli/dist/main.js');

async function weirRun(args: string[]): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'run', 'examples/word-count.ts', ...args], {
    cwd: ROOT,
    timeout: 60_000,
  });
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map(withoutSubtask);
}

describe('weir run examples/word-count.ts', () => {
  it.each([1, 2])('prints the word counts of the built-in text at -p %i', async (parallelism) => {
    const printed = await weirRun(['-p', String(parallelism)]);
    expect(printed.sort()).toEqual(printedWordCounts(HAMLET).sort());
  });

  it('prints the word counts of the file given with --input', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'weir-word-count-'));
    try {
      const lines = [
        'Though this be madness,',
        'yet there is method in it.',
        'Madness in great ones must not unwatched go.',
      ];
      const input = path.join(directory, 'polonius.txt');
      await writeFile(input, lines.join('\n') + '\n');
      const printed = await weirRun(['--input', input, '-p', '2']);
      expect(printed.sort()).toEqual(printedWordCounts(lines).sort());
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
