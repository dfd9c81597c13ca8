import type { StateTtlConfig } from '@weir/core';

/**
 * Time-to-live of heap state (Flink's TTL decorators, without the decorator layer): values of a state
 * with TTL are stored as `TtlValue`s stamped with the processing time of their last write (or read,
 * with `onReadAndWrite`). States without TTL store plain values and never touch this file.
 */
export class TtlValue<T> {
  constructor(
    public value: T,
    /** Processing time of the last access that restarted the clock. */
    public timestamp: number,
  ) {}
}

export class StateTtl {
  readonly ttl: number;
  readonly updateOnRead: boolean;
  /** With 'returnExpiredIfNotCleanedUp', the access that cleans an expired value up still returns it. */
  readonly returnExpired: boolean;

  constructor(
    config: Required<StateTtlConfig>,
    private readonly clock: () => number,
  ) {
    this.ttl = config.ttl;
    this.updateOnRead = config.updateType === 'onReadAndWrite';
    this.returnExpired = config.stateVisibility === 'returnExpiredIfNotCleanedUp';
  }

  now(): number {
    return this.clock();
  }

  isExpired(value: TtlValue<unknown>, now: number): boolean {
    return value.timestamp + this.ttl <= now;
  }

  static sameConfig(a: Required<StateTtlConfig> | undefined, b: Required<StateTtlConfig> | undefined): boolean {
    if (a === undefined || b === undefined) return a === b;
    return a.ttl === b.ttl && a.updateType === b.updateType && a.stateVisibility === b.stateVisibility;
  }
}
