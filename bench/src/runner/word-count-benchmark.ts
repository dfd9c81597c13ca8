/*
 * Word count over a 100 MB text file: the word-count job (bench/dist/jobs/word-count.js, in the
 * runtime mode it sets) at parallelism 1 and 2, against a hand-written Node loop over the same file;
 * each a median of `runs` fresh-process runs after a warm-up. The ratio says what Weir costs over
 * doing it by hand.
 */
import * as path from 'node:path';
import { bundleJobFile, JobGraph, loadJobBundle, type JobBundle, type ResolvedRuntimeMode } from '@weir/runtime';
import { runInChild } from './child-process';
import { median } from './median';
import { PARALLELISMS } from './nexmark-benchmark';
import { ensureWordFile } from './word-data';

export const WORD_FILE_BYTES = 100 * 2 ** 20;

export interface WordCountRow {
  readonly name: string;
  /** The job's runtime mode; undefined for the plain loop. */
  readonly mode: ResolvedRuntimeMode | undefined;
  readonly parallelism: number;
  readonly wallMs: number;
  /** Word counts emitted: one per word in batch mode (and by the plain loop), one per occurrence in streaming. */
  readonly counts: number;
  /** Wall time over the plain loop's. */
  readonly ratio: number;
}

export async function runWordCount(options: {
  readonly runs: number;
  readonly dataDirectory: string;
  readonly log: (line: string) => void;
}): Promise<WordCountRow[]> {
  options.log('word count: preparing the input (once; kept in bench/data/)');
  const file = ensureWordFile(options.dataDirectory, WORD_FILE_BYTES);

  const plainRuns = [];
  options.log('word count: plain Node loop');
  await runInChild({ kind: 'plain-word-count', path: file });
  for (let i = 0; i < options.runs; i++) plainRuns.push(await runInChild({ kind: 'plain-word-count', path: file }));
  const plainMs = median(plainRuns.map((r) => r.wallMs));
  const rows: WordCountRow[] = [
    {
      name: 'plain loop',
      mode: undefined,
      parallelism: 1,
      wallMs: plainMs,
      counts: plainRuns[0].distinctWords,
      ratio: 1,
    },
  ];

  const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', 'word-count.js'));
  for (const parallelism of PARALLELISMS) {
    const args = { path: file };
    const mode = runtimeModeOf(bundle, args, parallelism);
    const run = () => runInChild({ kind: 'job', bundle, parallelism, args });
    options.log(`word count p=${parallelism} (${mode} mode): warm-up`);
    await run();
    const runs = [];
    for (let i = 0; i < options.runs; i++) {
      const m = await run();
      options.log(`word count p=${parallelism}: run ${i + 1}/${options.runs} ${(m.wallMs / 1000).toFixed(2)} s`);
      runs.push(m);
    }
    const wallMs = median(runs.map((m) => m.wallMs));
    rows.push({ name: 'weir job', mode, parallelism, wallMs, counts: runs[0].sinkRecords, ratio: wallMs / plainMs });
  }
  return rows;
}

/** The mode the job runs in, as the runtime resolves it when it plans the job. */
function runtimeModeOf(bundle: JobBundle, args: Record<string, string>, parallelism: number): ResolvedRuntimeMode {
  return JobGraph.fromStreamGraph(loadJobBundle(bundle).buildGraph({ args, parallelism })).config.runtimeMode;
}
