/*
 * File source → file sink over the 100 MB text file of the word-count benchmark, at parallelism 1
 * and 2: lines and megabytes per second from the first line read to the last part committed (the
 * start-up of worker threads apart, as in the Nexmark figures), each a median of
 * `runs` fresh-process runs after a warm-up. Every run's committed output is checked to hold all the
 * input's bytes before it counts.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { RuntimeFailure } from '@weir/common';
import { bundleJobFile } from '@weir/runtime';
import { runInChild } from './child-process';
import { median } from './median';
import { PARALLELISMS } from './nexmark-benchmark';
import { WORD_FILE_BYTES } from './word-count-benchmark';
import { ensureWordFile } from './word-data';

export interface FileCopyRow {
  readonly parallelism: number;
  readonly checkpointIntervalMs: number;
  readonly wallMs: number;
  readonly activeMs: number;
  readonly linesPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly partFiles: number;
}

export async function runFileCopy(options: {
  readonly runs: number;
  readonly dataDirectory: string;
  readonly checkpointIntervalMs: number;
  readonly log: (line: string) => void;
}): Promise<FileCopyRow[]> {
  const input = ensureWordFile(options.dataDirectory, WORD_FILE_BYTES);
  const inputBytes = statSync(input).size;
  const lines = countLines(input);
  const out = path.join(options.dataDirectory, 'file-copy-out');
  const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', 'file-copy.js'));
  const rows: FileCopyRow[] = [];
  for (const parallelism of PARALLELISMS) {
    const args = { path: input, out, checkpointMs: String(options.checkpointIntervalMs) };
    const run = async () => {
      rmSync(out, { recursive: true, force: true });
      const measured = await runInChild({ kind: 'job', bundle, parallelism, args });
      const parts = committedParts(out, inputBytes);
      return { wallMs: measured.wallMs, activeMs: measured.activeMs, parts };
    };
    options.log(`file copy p=${parallelism}: warm-up`);
    await run();
    const runs = [];
    for (let i = 0; i < options.runs; i++) {
      const m = await run();
      options.log(`file copy p=${parallelism}: run ${i + 1}/${options.runs} ${(m.activeMs / 1000).toFixed(2)} s`);
      runs.push(m);
    }
    rmSync(out, { recursive: true, force: true });
    const activeMs = median(runs.map((m) => m.activeMs));
    rows.push({
      parallelism,
      checkpointIntervalMs: options.checkpointIntervalMs,
      wallMs: median(runs.map((m) => m.wallMs)),
      activeMs,
      linesPerSecond: lines / (activeMs / 1000),
      megabytesPerSecond: inputBytes / 2 ** 20 / (activeMs / 1000),
      partFiles: runs[0].parts,
    });
  }
  return rows;
}

/** The number of committed part files, after checking they hold exactly the input's bytes and none is left in progress. */
function committedParts(out: string, inputBytes: number): number {
  const names = readdirSync(out);
  const committed = names.filter((name) => !name.startsWith('.'));
  const bytes = committed.reduce((sum, name) => sum + statSync(path.join(out, name)).size, 0);
  if (bytes !== inputBytes || committed.length !== names.length) {
    throw new RuntimeFailure(
      `file copy: the committed parts hold ${bytes} bytes of ${inputBytes}, and ${names.length - committed.length} ` +
        'files are still in progress',
    );
  }
  return committed.length;
}

function countLines(file: string): number {
  const bytes = readFileSync(file);
  let lines = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
  return lines;
}
