/**
 * The interval join (`a.keyBy(k).intervalJoin(b.keyBy(k)).between(lower, upper).process(fn)`):
 * joins each element of the left stream, at time t, with the right stream's elements of the same
 * key whose timestamps lie in [t + lower, t + upper] (bounds inclusive unless made exclusive). Both
 * streams need event time; the operator keeps each side's elements only as long as they can match.
 */
import type { Key } from '@weir/common';
import type { OperatorSpec, ProcessJoinFunction, ProcessJoinLike } from '@weir/core';
import type { DataStream } from './data-stream';
import { declarationError } from './declaration-site';
import type { KeyedStream } from './keyed-stream';
import { toProcessJoinFunction } from './user-functions';

export class IntervalJoin<T1, T2, K extends Key> {
  /** @internal Made by `KeyedStream.intervalJoin`. */
  constructor(
    private readonly left: KeyedStream<T1, K>,
    private readonly right: KeyedStream<T2, K>,
  ) {}

  /** The interval, relative to a left element's timestamp, in which right elements match it (ms, may be negative). */
  between(lowerBoundMs: number, upperBoundMs: number): IntervalJoined<T1, T2, K> {
    if (!Number.isSafeInteger(lowerBoundMs) || !Number.isSafeInteger(upperBoundMs) || lowerBoundMs > upperBoundMs) {
      throw declarationError(
        'between()',
        `the bounds must be whole numbers of milliseconds with lower <= upper, not lower=${String(lowerBoundMs)}, ` +
          `upper=${String(upperBoundMs)}.`,
      );
    }
    return new IntervalJoined(this.left, this.right, lowerBoundMs, upperBoundMs, true, true);
  }
}

export class IntervalJoined<T1, T2, K extends Key> {
  /** @internal Made by `IntervalJoin.between`. */
  constructor(
    private readonly left: KeyedStream<T1, K>,
    private readonly right: KeyedStream<T2, K>,
    private readonly lowerBoundMs: number,
    private readonly upperBoundMs: number,
    private readonly lowerBoundInclusive: boolean,
    private readonly upperBoundInclusive: boolean,
  ) {}

  /** Right elements exactly at t + lower no longer match. */
  lowerBoundExclusive(): IntervalJoined<T1, T2, K> {
    const { left, right, lowerBoundMs, upperBoundMs, upperBoundInclusive } = this;
    return new IntervalJoined(left, right, lowerBoundMs, upperBoundMs, false, upperBoundInclusive);
  }

  /** Right elements exactly at t + upper no longer match. */
  upperBoundExclusive(): IntervalJoined<T1, T2, K> {
    const { left, right, lowerBoundMs, upperBoundMs, lowerBoundInclusive } = this;
    return new IntervalJoined(left, right, lowerBoundMs, upperBoundMs, lowerBoundInclusive, false);
  }

  /** Called once per matching pair: `(left, right) => result`, or a ProcessJoinFunction for timestamps and side outputs. */
  process<R>(fn: ProcessJoinLike<T1, T2, R>): DataStream<R> {
    const operator: OperatorSpec = {
      kind: 'intervalJoin',
      fn: toProcessJoinFunction(fn, 'process()') as ProcessJoinFunction<unknown, unknown, unknown>,
      keySelector1: this.left.getKeySelector(),
      keySelector2: this.right.getKeySelector(),
      lowerBoundMs: this.lowerBoundMs,
      upperBoundMs: this.upperBoundMs,
      lowerBoundInclusive: this.lowerBoundInclusive,
      upperBoundInclusive: this.upperBoundInclusive,
    };
    const environment = this.left.getExecutionEnvironment();
    return environment.addOperator<R>('process()', operator, 'Interval Join', [this.left, this.right]);
  }
}
