import { ConfigError } from '@weir/common';

/** What happens when a job fails: give up, or restart (from the latest checkpoint, once there are any). */
export type RestartStrategy =
  | { kind: 'none' }
  | { kind: 'fixed-delay'; attempts: number; delayMs: number }
  | { kind: 'exponential-delay'; initialDelayMs: number; maxDelayMs: number; multiplier: number; attempts: number };

export const RestartStrategies = {
  none: (): RestartStrategy => ({ kind: 'none' }),
  fixedDelay(attempts: number, delayMs: number): RestartStrategy {
    requireCount(attempts, 'fixedDelay attempts');
    requireDuration(delayMs, 'fixedDelay delay');
    return { kind: 'fixed-delay', attempts, delayMs };
  },
  exponentialDelay(options: {
    initialDelayMs: number;
    maxDelayMs: number;
    multiplier?: number;
    attempts?: number;
  }): RestartStrategy {
    requireDuration(options.initialDelayMs, 'exponentialDelay initialDelayMs');
    requireDuration(options.maxDelayMs, 'exponentialDelay maxDelayMs');
    const multiplier = options.multiplier ?? 2;
    if (!(multiplier >= 1)) throw new ConfigError(`exponentialDelay multiplier must be >= 1, not ${multiplier}.`);
    const attempts = options.attempts ?? Number.POSITIVE_INFINITY;
    if (attempts !== Number.POSITIVE_INFINITY) requireCount(attempts, 'exponentialDelay attempts');
    return {
      kind: 'exponential-delay',
      initialDelayMs: options.initialDelayMs,
      maxDelayMs: options.maxDelayMs,
      multiplier,
      attempts,
    };
  },
} as const;

/** The delay before restart number `attempt` (1-based), or undefined when the strategy gives up. */
export function restartDelay(strategy: RestartStrategy, attempt: number): number | undefined {
  switch (strategy.kind) {
    case 'none':
      return undefined;
    case 'fixed-delay':
      return attempt <= strategy.attempts ? strategy.delayMs : undefined;
    case 'exponential-delay':
      if (attempt > strategy.attempts) return undefined;
      return Math.min(strategy.maxDelayMs, strategy.initialDelayMs * strategy.multiplier ** (attempt - 1));
  }
}

function requireCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${what} must be a whole number >= 0, not ${n}.`);
}
function requireDuration(ms: number, what: string): void {
  if (!(ms >= 0) || !Number.isFinite(ms))
    throw new ConfigError(`${what} must be a number of milliseconds >= 0, not ${ms}.`);
}
