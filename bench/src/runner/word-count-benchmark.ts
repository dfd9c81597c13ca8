/*
 * Word count over a 100 MB text file: the word-count job (bench/dist/jobs/word-count.js, in the
 * runtime mode it sets) at parallelism 1 and 2, against a hand-written Node loop over the same file;
 * each a median of `runs` fresh-process runs after a warm-up, all three taken in turn. The ratio says
 * what Weir costs over doing it by hand.
 */
import * as path from 'node:path';
import { bundleJobFile, JobGraph, loadJobBundle, type JobBundle, type ResolvedRuntimeMode } from '@weir/runtime';
import { alternatingRuns } from './alternating-runs';
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

/** The hand-written loop, or the job at a parallelism. */
type Contender = 'plain loop' | number;

interface WordCountRun {
  readonly wallMs: number;
  /** Distinct words for the plain loop, records at the sink for the job. */
  readonly counts: number;
}

export async function runWordCount(options: {
  readonly runs: number;
  readonly dataDirectory: string;
  readonly log: (line: string) => void;
}): Promise<WordCountRow[]> {
  options.log('word count: preparing the input (once; kept in bench/data/)');
  const file = ensureWordFile(options.dataDirectory, WORD_FILE_BYTES);

  const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', 'word-count.js'));
  const args = { path: file };
  const contenders: Contender[] = ['plain loop', ...PARALLELISMS];
  const nameOf = (c: Contender): string => `word count ${c === 'plain loop' ? c : `p=${c}`}`;
  const run = async (c: Contender): Promise<WordCountRun> => {
    if (c === 'plain loop') {
      const plain = await runInChild({ kind: 'plain-word-count', path: file });
      return { wallMs: plain.wallMs, counts: plain.distinctWords };
    }
    const job = await runInChild({ kind: 'job', bundle, parallelism: c, args });
    return { wallMs: job.wallMs, counts: job.sinkRecords };
  };
  // In turn, as the Nexmark runs are: the ratio to the plain loop is the figure that counts.
  const measured = await alternatingRuns(
    contenders,
    options.runs,
    (c) => {
      options.log(`${nameOf(c)}: warm-up`);
      return run(c);
    },
    async (c, i) => {
      const m = await run(c);
      options.log(`${nameOf(c)}: run ${i + 1}/${options.runs} ${(m.wallMs / 1000).toFixed(2)} s`);
      return m;
    },
  );
  const wallMsOf = (runs: readonly WordCountRun[]): number => median(runs.map((m) => m.wallMs));
  const plainMs = wallMsOf(measured[0]);
  return contenders.map((c, i) => ({
    name: c === 'plain loop' ? c : 'weir job',
    mode: c === 'plain loop' ? undefined : runtimeModeOf(bundle, args, c),
    parallelism: c === 'plain loop' ? 1 : c,
    wallMs: wallMsOf(measured[i]),
    counts: measured[i][0].counts,
    ratio: wallMsOf(measured[i]) / plainMs,
  }));
}

/** The mode the job runs in, as the runtime resolves it when it plans the job. */
function runtimeModeOf(bundle: JobBundle, args: Record<string, string>, parallelism: number): ResolvedRuntimeMode {
  return JobGraph.fromStreamGraph(loadJobBundle(bundle).buildGraph({ args, parallelism })).config.runtimeMode;
}
