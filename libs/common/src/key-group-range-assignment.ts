import { ConfigError } from './errors';
import { hashKey, murmurHash } from './hash';
import type { Key } from './key';

/**
 * Keys are spread over `maxParallelism` key groups, and each parallel subtask owns a contiguous
 * range of them (DESIGN.md §4). State is stored per key group, so rescaling moves whole groups.
 */
export const DEFAULT_MAX_PARALLELISM = 128;
export const UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

/** A contiguous, inclusive range of key groups. */
export class KeyGroupRange {
  constructor(
    readonly startKeyGroup: number,
    readonly endKeyGroup: number,
  ) {}

  get numberOfKeyGroups(): number {
    return this.endKeyGroup - this.startKeyGroup + 1;
  }

  contains(keyGroup: number): boolean {
    return keyGroup >= this.startKeyGroup && keyGroup <= this.endKeyGroup;
  }

  toString(): string {
    return `KeyGroupRange{${this.startKeyGroup}..${this.endKeyGroup}}`;
  }
}

export function assignToKeyGroup(key: Key, maxParallelism: number): number {
  return murmurHash(hashKey(key)) % maxParallelism;
}

export function computeKeyGroupRangeForOperatorIndex(
  maxParallelism: number,
  parallelism: number,
  operatorIndex: number,
): KeyGroupRange {
  const start = Math.floor((operatorIndex * maxParallelism + parallelism - 1) / parallelism);
  const end = Math.floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism);
  return new KeyGroupRange(start, end);
}

export function computeOperatorIndexForKeyGroup(maxParallelism: number, parallelism: number, keyGroup: number): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}

export function assignKeyToParallelOperator(key: Key, maxParallelism: number, parallelism: number): number {
  return computeOperatorIndexForKeyGroup(maxParallelism, parallelism, assignToKeyGroup(key, maxParallelism));
}

export function checkParallelism(parallelism: number, maxParallelism: number, what: string): void {
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw new ConfigError(`The parallelism of ${what} is ${parallelism}; it must be a whole number of at least 1.`);
  }
  if (parallelism > maxParallelism) {
    throw new ConfigError(
      `The parallelism of ${what} (${parallelism}) is greater than its max parallelism (${maxParallelism}); ` +
        'raise it with setMaxParallelism().',
    );
  }
}

export function checkMaxParallelism(maxParallelism: number, what: string): void {
  if (!Number.isInteger(maxParallelism) || maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
    throw new ConfigError(
      `The max parallelism of ${what} is ${maxParallelism}; it must be a whole number from 1 to ${UPPER_BOUND_MAX_PARALLELISM}.`,
    );
  }
}
