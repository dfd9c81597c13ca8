/*
 * The command line of `npm run bench`:
 *   --only q5,q7,wordcount,files   run only these (default: every Nexmark query, word count, file
 *                                  copy, state, codec, cluster, jdbc, kafka; cluster needs NATS and
 *                                  Redis, jdbc PostgreSQL (WEIR_BENCH_POSTGRES, default
 *                                  127.0.0.1:5432/test), kafka the project's broker (scripts/brokers))
 *   --events N                     Nexmark events measured per run (default 30,000,000: a fast query
 *                                  does 10M in under a second)
 *   --warmup-events N              Nexmark events each run makes first, unmeasured (default
 *                                  10,000,000, 0 for none): every run is a fresh process, whose JIT
 *                                  compiles its hot code in the first second or so, and Flink's
 *                                  Nexmark too measures a warmed-up cluster
 *   --runs N                       measured runs per configuration, after a first run (default 3)
 *   --event-rate N                 Nexmark events per second of event time (default 10,000, Nexmark's
 *                                  own default; Flink's Nexmark suite runs its generator at 10,000,000,
 *                                  so windows close a thousand times less often per event)
 *   --soak                         also run the 60 s memory soak
 *   --checkpoint-interval MS       Nexmark and file-copy jobs take a checkpoint every MS ms (default:
 *                                  none), to measure what checkpointing costs
 *   --state-keys N                 keys of the checkpoint-state job (default: about 1 GB of state)
 *   --state-parallelism N          the checkpoint-state job at this parallelism only (default: 1 and 2)
 * and in the environment WEIR_BENCH_CHILD_ARGS, Node flags for the child processes the jobs run in
 * (`--cpu-prof --cpu-prof-dir=DIR`, `--trace-gc`; see child-process.ts).
 */
import { ConfigError } from '@weir/common';
import { DEFAULT_GENERATOR_CONFIG } from '../nexmark/generator-config';
import { CHECKPOINT_STATE_KEYS } from './checkpoint-state-benchmark';

export const NEXMARK_QUERIES = ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q7', 'q8'] as const;
export const BENCHMARKS = [
  ...NEXMARK_QUERIES,
  'wordcount',
  'files',
  'state',
  'codec',
  'cluster',
  'jdbc',
  'kafka',
  'checkpoint-state',
  'checkpoint-alignment',
] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export interface BenchFlags {
  readonly only: readonly BenchmarkName[];
  readonly events: number;
  readonly warmupEvents: number;
  readonly runs: number;
  /** Nexmark events per second of event time. */
  readonly eventRate: number;
  readonly soak: boolean;
  /** 0: the Nexmark jobs take no checkpoints. */
  readonly checkpointIntervalMs: number;
  /** Keys of the checkpoint-state benchmark's job. */
  readonly stateKeys: number;
  /** The parallelisms the checkpoint-state benchmark runs its job at. */
  readonly stateParallelisms: readonly number[];
}

const USAGE =
  'usage: npm run bench -- [--only q5,q7,wordcount,files,state,codec,cluster,jdbc,kafka,checkpoint-state,checkpoint-alignment] [--events N] ' +
  '[--warmup-events N] [--runs N] [--event-rate N] [--soak] [--checkpoint-interval MS] [--state-keys N] [--state-parallelism N]';

export function parseFlags(argv: readonly string[]): BenchFlags {
  let only: readonly BenchmarkName[] = BENCHMARKS;
  let events = 30_000_000;
  let warmupEvents = 10_000_000;
  let runs = 3;
  let eventRate = DEFAULT_GENERATOR_CONFIG.eventsPerSecond;
  let soak = false;
  let checkpointIntervalMs = 0;
  let stateKeys = CHECKPOINT_STATE_KEYS;
  let stateParallelisms = [1, 2];
  const wholeNumber = (flag: string, raw: string | undefined, min: number): number => {
    const value = Number(raw);
    if (raw === undefined || raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
      throw new ConfigError(`${flag} needs a whole number of at least ${min}, not '${raw ?? ''}'. ${USAGE}`);
    }
    return value;
  };
  const positiveInteger = (flag: string, raw: string | undefined): number => wholeNumber(flag, raw, 1);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case '--only': {
        const names = (argv[++i] ?? '').split(',').filter((n) => n !== '');
        const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
        if (names.length === 0 || unknown.length > 0) {
          throw new ConfigError(
            `--only takes a list of ${BENCHMARKS.join(', ')}; not '${unknown.join(',')}'. ${USAGE}`,
          );
        }
        only = names as BenchmarkName[];
        break;
      }
      case '--events':
        events = positiveInteger(flag, argv[++i]);
        break;
      case '--warmup-events':
        warmupEvents = wholeNumber(flag, argv[++i], 0);
        break;
      case '--runs':
        runs = positiveInteger(flag, argv[++i]);
        break;
      case '--event-rate':
        eventRate = positiveInteger(flag, argv[++i]);
        break;
      case '--soak':
        soak = true;
        break;
      case '--checkpoint-interval':
        checkpointIntervalMs = positiveInteger(flag, argv[++i]);
        if (checkpointIntervalMs < 10) throw new ConfigError(`--checkpoint-interval is at least 10 ms. ${USAGE}`);
        break;
      case '--state-keys':
        stateKeys = positiveInteger(flag, argv[++i]);
        break;
      case '--state-parallelism':
        stateParallelisms = [positiveInteger(flag, argv[++i])];
        break;
      default:
        throw new ConfigError(`Unknown flag '${flag}'. ${USAGE}`);
    }
  }
  return { only, events, warmupEvents, runs, eventRate, soak, checkpointIntervalMs, stateKeys, stateParallelisms };
}
