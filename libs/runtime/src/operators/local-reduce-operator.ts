import { checkKey, normalizeKey, ownedKey, type NormalizedKey } from '@weir/common';
import {
  isInPlaceReduce,
  type AnyKeySelector,
  type InPlaceReduceFunction,
  type NumberFold,
  type OperatorSpec,
  type ReduceFunction,
} from '@weir/core';
import { MAX_WATERMARK } from '../time-constants';
import { StreamOperator } from './stream-operator';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type LocalReduceSpec = Extract<OperatorSpec, { kind: 'localReduce' }>;

// Bound once: calls through a package's re-export getters are not inlined (see HeapKeyedStateBackend).
const check = checkKey;
const normalize = normalizeKey;
const owned = ownedKey;

/** How many keys a combiner holds before it sends them all on: its memory stays bounded by this. */
export const LOCAL_REDUCE_MAX_KEYS = 100_000;

/**
 * The combiner of a batch-mode keyed reduce (batch-plan.ts): chained to the sender of the shuffle, it
 * folds records per key with the reduce's own function and emits one partial result per key at the
 * end of input, or all of them as soon as it would hold more than `maxKeys` keys. A partial result
 * carries the latest timestamp of the records it folds. The fold lives in a plain Map (key → slot in
 * arrays), not keyed state: the combiner sees keys of every key group, and batch jobs do not
 * checkpoint. A reduce that folds one number (sum, min, max of a field) folds it in an array of
 * numbers, written into the slot's copy of the first record when it is emitted. Watermarks below the final one are held back, since partial results may be older;
 * the final one goes out after the last partial results.
 */
export class LocalReduceOperator extends StreamOperator {
  private readonly fn: ReduceFunction<unknown>;
  /** Set when the reduce can fold into its own copy: the partial results are the combiner's alone. */
  private readonly inPlace: InPlaceReduceFunction<unknown> | undefined;
  private readonly numberFold: NumberFold<unknown> | undefined;
  private readonly keySelector: AnyKeySelector;
  private readonly slots = new Map<NormalizedKey, number>();
  private readonly values: unknown[] = [];
  private readonly timestamps: number[] = [];
  /** With a number fold: each slot's number so far, not yet in the slot's value. */
  private readonly numbers: number[] = [];
  /** Slots in use: keys held now. */
  private size = 0;
  private where = '';

  constructor(
    spec: LocalReduceSpec,
    private readonly maxKeys: number = LOCAL_REDUCE_MAX_KEYS,
  ) {
    super();
    this.fn = spec.fn;
    this.inPlace = isInPlaceReduce(spec.fn) ? spec.fn : undefined;
    this.numberFold = this.inPlace?.numberFold;
    this.keySelector = spec.keySelector;
  }

  override open(): void {
    this.where = `operator '${this.ctx.operatorName}'`;
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number): void {
    const key = normalize(check(this.keySelector(value), this.where));
    const slot = this.slots.get(key);
    const inPlace = this.inPlace;
    const numberFold = this.numberFold;
    if (slot !== undefined) {
      if (numberFold !== undefined) {
        this.numbers[slot] = numberFold.foldNumber(this.numbers[slot], numberFold.readNumber(value));
      } else {
        this.values[slot] =
          inPlace !== undefined
            ? inPlace.reduceInPlace(this.values[slot], value)
            : this.fn.reduce(this.values[slot], value);
      }
      if (timestamp > this.timestamps[slot]) this.timestamps[slot] = timestamp;
      return;
    }
    if (this.size === this.maxKeys) this.flush();
    this.slots.set(owned(key), this.size);
    if (numberFold !== undefined) this.numbers[this.size] = numberFold.readNumber(value);
    this.values[this.size] = inPlace !== undefined ? inPlace.copyForAccumulator(value) : value;
    this.timestamps[this.size] = timestamp;
    this.size++;
  }

  protected override onWatermark(watermark: number): void {
    if (watermark !== MAX_WATERMARK) return;
    this.flush();
    super.onWatermark(watermark);
  }

  override finish(): void {
    this.flush();
  }

  override close(): void {
    closeUserFunction(this.fn);
  }

  /** Emits every partial result, in the order the keys first came, and starts over empty. */
  private flush(): void {
    const { values, timestamps, numbers, numberFold, size } = this;
    this.size = 0;
    this.slots.clear();
    for (let i = 0; i < size; i++) {
      const value = numberFold !== undefined ? numberFold.writeNumber(values[i], numbers[i]) : values[i];
      values[i] = undefined;
      this.output.collect(value, timestamps[i]);
    }
  }
}
