import { ConfigError } from '@weir/common';
import { CHECKPOINT_STATE_KEYS } from './checkpoint-state-benchmark';
import { BENCHMARKS, parseFlags } from './flags';

describe('parseFlags', () => {
  it('runs everything but the soak by default', () => {
    expect(parseFlags([])).toEqual({
      only: BENCHMARKS,
      events: 30_000_000,
      warmupEvents: 10_000_000,
      runs: 3,
      eventRate: 10_000,
      soak: false,
      checkpointIntervalMs: 0,
      stateKeys: CHECKPOINT_STATE_KEYS,
      stateParallelisms: [1, 2],
    });
  });

  it('reads --only, --events, --warmup-events, --runs, --event-rate, --soak, --checkpoint-interval, --state-keys and --state-parallelism', () => {
    const argv = ['--only', 'q5,q7', '--events', '50000', '--runs', '1', '--event-rate', '10000000', '--soak'];
    const more = ['--warmup-events', '0', '--checkpoint-interval', '1000', '--state-keys', '1000'];
    expect(parseFlags([...argv, ...more, '--state-parallelism', '1'])).toEqual({
      only: ['q5', 'q7'],
      events: 50_000,
      warmupEvents: 0,
      runs: 1,
      eventRate: 10_000_000,
      soak: true,
      checkpointIntervalMs: 1000,
      stateKeys: 1000,
      stateParallelisms: [1],
    });
  });

  it('rejects unknown benchmarks, bad numbers and unknown flags, saying which', () => {
    expect(() => parseFlags(['--only', 'q6'])).toThrow(/not 'q6'/);
    expect(() => parseFlags(['--events', '1e3x'])).toThrow(ConfigError);
    expect(() => parseFlags(['--runs', '0'])).toThrow(/--runs needs a whole number/);
    expect(() => parseFlags(['--warmup-events', '-1'])).toThrow(
      /--warmup-events needs a whole number of at least 0, not '-1'/,
    );
    expect(() => parseFlags(['--warmup-events'])).toThrow(/--warmup-events needs a whole number of at least 0, not ''/);
    expect(() => parseFlags(['--event-rate', '-5'])).toThrow(
      /--event-rate needs a whole number of at least 1, not '-5'/,
    );
    expect(() => parseFlags(['--state-parallelism', '0'])).toThrow(/--state-parallelism needs a whole number/);
    expect(() => parseFlags(['--fast'])).toThrow(/Unknown flag '--fast'/);
    expect(() => parseFlags(['--checkpoint-interval', '5'])).toThrow(/at least 10 ms/);
  });
});
