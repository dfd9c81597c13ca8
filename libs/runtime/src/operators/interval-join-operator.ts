import { JobDefinitionError, RecordError } from '@weir/common';
import { NO_TIMESTAMP } from '../time-constants';
import {
  MapStateDescriptor,
  type MapState,
  type OperatorSpec,
  type OutputTag,
  type ProcessJoinFunction,
} from '@weir/core';
import type { InternalTimer, InternalTimerService, Namespace, Triggerable } from '@weir/state';
import { keyedStateBackendOf, KeySelection, timeServiceManagerOf } from './keyed-context';
import type { Output } from './output';
import { StreamOperator } from './stream-operator';
import { TimestampedCollector } from './timestamped-collector';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type IntervalJoinSpec = Extract<OperatorSpec, { kind: 'intervalJoin' }>;

/** Both sides' elements by timestamp, per key; Flink's state names. */
const LEFT_BUFFER = new MapStateDescriptor<number, unknown[]>('LEFT_BUFFER');
const RIGHT_BUFFER = new MapStateDescriptor<number, unknown[]>('RIGHT_BUFFER');
/** Namespaces of the cleanup timers, one per side. */
const CLEANUP_LEFT = 'CLEANUP_LEFT';
const CLEANUP_RIGHT = 'CLEANUP_RIGHT';

/**
 * `keyBy(...).intervalJoin(other.keyBy(...)).between(lower, upper).process(fn)` (Flink's
 * IntervalJoinOperator): a left element at t joins the right elements of its key with timestamps in
 * [t + lower, t + upper] (each bound inclusive or not). Both sides are buffered in keyed MapState by
 * timestamp; a buffered element is dropped by an event-time timer once the watermark shows nothing
 * can join it any more. A result carries the larger of the two timestamps. An element behind the
 * watermark is late and dropped.
 */
export class IntervalJoinOperator extends StreamOperator implements Triggerable<Namespace> {
  private readonly fn: ProcessJoinFunction<unknown, unknown, unknown>;
  /** The bounds made inclusive, in whole milliseconds. */
  private readonly lowerBound: number;
  private readonly upperBound: number;
  private keys1!: KeySelection;
  private keys2!: KeySelection;
  private leftBuffer!: MapState<number, unknown[]>;
  private rightBuffer!: MapState<number, unknown[]>;
  private timers!: InternalTimerService<Namespace>;
  private collector!: TimestampedCollector<unknown>;
  private context!: IntervalJoinContext;

  constructor(private readonly spec: IntervalJoinSpec) {
    super();
    this.fn = spec.fn;
    this.lowerBound = spec.lowerBoundInclusive ? spec.lowerBoundMs : spec.lowerBoundMs + 1;
    this.upperBound = spec.upperBoundInclusive ? spec.upperBoundMs : spec.upperBoundMs - 1;
  }

  override open(): void {
    const spec = this.spec;
    if (!(this.lowerBound <= this.upperBound)) {
      throw new JobDefinitionError(
        `The interval join '${this.ctx.operatorName}' has the empty interval ` +
          `${spec.lowerBoundInclusive ? '[' : '('}${spec.lowerBoundMs}, ${spec.upperBoundMs}` +
          `${spec.upperBoundInclusive ? ']' : ')'}: between(lower, upper) needs lower <= upper.`,
      );
    }
    this.keys1 = new KeySelection(this.ctx, spec.keySelector1);
    this.keys2 = new KeySelection(this.ctx, spec.keySelector2);
    const backend = keyedStateBackendOf(this.ctx);
    this.leftBuffer = backend.getMapState(LEFT_BUFFER);
    this.rightBuffer = backend.getMapState(RIGHT_BUFFER);
    this.timers = timeServiceManagerOf(this.ctx).getInternalTimerService<Namespace>('interval-join-cleanup', this);
    this.collector = new TimestampedCollector(this.output);
    this.context = new IntervalJoinContext(this.output);
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number, input: number): void {
    if (timestamp === NO_TIMESTAMP) this.missingTimestamp();
    if (input === 0) {
      this.keys1.setCurrentKey(value);
      this.join(value, timestamp, this.leftBuffer, this.rightBuffer, this.lowerBound, this.upperBound, true);
    } else {
      this.keys2.setCurrentKey(value);
      this.join(value, timestamp, this.rightBuffer, this.leftBuffer, -this.upperBound, -this.lowerBound, false);
    }
  }

  /**
   * Buffers one element and joins it with the other side's buffered elements in
   * [timestamp + relativeLower, timestamp + relativeUpper]; for a right element the bounds are mirrored.
   */
  private join(
    value: unknown,
    timestamp: number,
    ours: MapState<number, unknown[]>,
    others: MapState<number, unknown[]>,
    relativeLower: number,
    relativeUpper: number,
    isLeft: boolean,
  ): void {
    if (timestamp < this.currentWatermark) return;
    const bucket = ours.get(timestamp);
    if (bucket === undefined) {
      ours.put(timestamp, [value]);
    } else {
      bucket.push(value);
      // Written back so backends that copy values (not the heap) see the addition too.
      ours.put(timestamp, bucket);
    }
    const from = timestamp + relativeLower;
    const to = timestamp + relativeUpper;
    for (const [otherTimestamp, otherValues] of others.entries()) {
      if (otherTimestamp < from || otherTimestamp > to) continue;
      for (let i = 0; i < otherValues.length; i++) {
        if (isLeft) this.emit(value, otherValues[i], timestamp, otherTimestamp);
        else this.emit(otherValues[i], value, otherTimestamp, timestamp);
      }
    }
    // Once the watermark passes this time, no element of the other side can join this one any more.
    const cleanupTime = relativeUpper > 0 ? timestamp + relativeUpper : timestamp;
    this.timers.registerEventTimeTimer(isLeft ? CLEANUP_LEFT : CLEANUP_RIGHT, cleanupTime);
  }

  private emit(left: unknown, right: unknown, leftTimestamp: number, rightTimestamp: number): void {
    const resultTimestamp = leftTimestamp > rightTimestamp ? leftTimestamp : rightTimestamp;
    this.collector.timestamp = resultTimestamp;
    this.context.set(leftTimestamp, rightTimestamp, resultTimestamp);
    this.fn.processElement(left, right, this.context, this.collector);
  }

  /** A cleanup timer: removes the bucket it was registered for (the inverse of `cleanupTime` above). */
  onEventTime(timer: InternalTimer<Namespace>): void {
    const time = timer.timestamp;
    if (timer.namespace === CLEANUP_LEFT) {
      this.leftBuffer.remove(this.upperBound <= 0 ? time : time - this.upperBound);
    } else {
      this.rightBuffer.remove(this.lowerBound <= 0 ? time + this.lowerBound : time);
    }
  }

  /** The join registers event-time timers only. */
  onProcessingTime(): void {}

  override close(): void {
    closeUserFunction(this.fn);
  }

  private missingTimestamp(): never {
    throw new RecordError(
      `The interval join '${this.ctx.operatorName}' got a record without a timestamp; both inputs need event ` +
        'time: use fromSource with a WatermarkStrategy, or assignTimestampsAndWatermarks, before the join.',
    );
  }
}

/** The ProcessJoinFunction.Context: one per operator, set to the timestamps of each joined pair. */
class IntervalJoinContext implements ProcessJoinFunction.Context {
  private leftTimestamp = NO_TIMESTAMP;
  private rightTimestamp = NO_TIMESTAMP;
  private resultTimestamp = NO_TIMESTAMP;

  constructor(private readonly out: Output<unknown>) {}

  set(leftTimestamp: number, rightTimestamp: number, resultTimestamp: number): void {
    this.leftTimestamp = leftTimestamp;
    this.rightTimestamp = rightTimestamp;
    this.resultTimestamp = resultTimestamp;
  }

  getLeftTimestamp(): number {
    return this.leftTimestamp;
  }

  getRightTimestamp(): number {
    return this.rightTimestamp;
  }

  getTimestamp(): number {
    return this.resultTimestamp;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.out.collectSide(tag.id, value, this.resultTimestamp);
  }
}
