import { checkKey, normalizeKey, type Key, type NormalizedKey } from '@weir/common';
import {
  isInPlaceReduce,
  type AggregateFunction,
  type AnyKeySelector,
  type InPlaceReduceFunction,
  type OperatorSpec,
  type ReduceFunction,
  type TimeWindow,
  type WindowAssigner,
  type WindowAssignerContext,
} from '@weir/core';
import { StreamOperator } from './stream-operator';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';
import type { WindowPartial } from './window-partial';

type WindowPreAggregateSpec = Extract<OperatorSpec, { kind: 'windowPreAggregate' }>;

// Bound once: calls through a package's re-export getters are not inlined (see HeapKeyedStateBackend).
const check = checkKey;
const normalize = normalizeKey;

/** How many (key, window) partials the pre-aggregation holds before it sends them all on early. */
export const WINDOW_PRE_AGGREGATE_MAX_PARTIALS = 100_000;

/** One window's partials, by key: a slot per key in parallel arrays, in the order the keys came. */
interface PendingWindow {
  readonly window: TimeWindow;
  readonly slots: Map<NormalizedKey, number>;
  readonly keys: Key[];
  readonly partials: unknown[];
}

/**
 * The local half of a local-global window aggregation (window-pre-aggregation-plan.ts). Chained to
 * the sender of the shuffle, it folds records per key and window with the window's own reduce or
 * aggregate function, and sends one WindowPartial per key and window when its watermark passes the
 * window's end, just before that watermark: downstream, the window has not fired yet (its watermark
 * is the minimum over all senders, so never ahead of this one), and merges the partials in. Only
 * partials cross the shuffle instead of every record.
 *
 * Every window this operator handles is one its records fall into alone (tumbling, or a sliding
 * window's slice, see slicing-window-operator.ts), so each partial is merged exactly once and ends
 * up owned by one window's (or slice's) contents. A record for a window this
 * operator already sent goes on at once, alone, in order with the watermarks: downstream then judges
 * its lateness exactly as it would have judged the record. The same holds when the input goes idle,
 * since the downstream window stops waiting for an idle input: pending partials go first.
 */
export class WindowPreAggregateOperator extends StreamOperator {
  private readonly keySelector: AnyKeySelector;
  private readonly assigner: WindowAssigner<unknown, TimeWindow>;
  private readonly reduce: ReduceFunction<unknown> | undefined;
  /** Set when the reduce can fold into its own copy: a partial is then the operator's alone. */
  private readonly inPlace: InPlaceReduceFunction<unknown> | undefined;
  private readonly aggregate: AggregateFunction<unknown, unknown, unknown> | undefined;
  /** Windows with partials, by start, oldest first: in-order input keeps one or two. */
  private readonly pending: PendingWindow[] = [];
  private held = 0;
  private assignerContext!: WindowAssignerContext;
  private where = '';

  constructor(
    spec: WindowPreAggregateSpec,
    private readonly maxPartials: number = WINDOW_PRE_AGGREGATE_MAX_PARTIALS,
  ) {
    super();
    this.keySelector = spec.keySelector;
    this.assigner = spec.assigner as WindowAssigner<unknown, TimeWindow>;
    const fold = spec.fold;
    this.reduce = fold.kind === 'reduce' ? fold.reduce : undefined;
    this.inPlace = fold.kind === 'reduce' && isInPlaceReduce(fold.reduce) ? fold.reduce : undefined;
    this.aggregate = fold.kind === 'aggregate' ? fold.aggregate : undefined;
  }

  override open(): void {
    this.where = `operator '${this.ctx.operatorName}'`;
    // Event time only (the plan's rule), so the assigner never asks for the clock.
    this.assignerContext = { getCurrentProcessingTime: () => Date.now() };
    if (this.reduce !== undefined) openUserFunction(this.reduce, this.ctx);
  }

  processElement(value: unknown, timestamp: number): void {
    const key = check(this.keySelector(value), this.where);
    const window = this.assigner.assignWindows(value, timestamp, this.assignerContext)[0];
    if (window.maxTimestamp() <= this.currentWatermark) {
      this.output.collect({ key, partial: this.fold(undefined, value) } satisfies WindowPartial, window.maxTimestamp());
      return;
    }
    const pending = this.pendingWindow(window);
    const normalized = normalize(key);
    const slot = pending.slots.get(normalized);
    if (slot !== undefined) {
      pending.partials[slot] = this.fold(pending.partials[slot], value);
      return;
    }
    if (this.held === this.maxPartials) {
      this.flushUpTo(Number.POSITIVE_INFINITY);
      this.processElement(value, timestamp);
      return;
    }
    pending.slots.set(normalized, pending.keys.length);
    pending.keys.push(key);
    pending.partials.push(this.fold(undefined, value));
    this.held++;
  }

  /** `partial` with `value` folded in; undefined starts a new one. */
  private fold(partial: unknown, value: unknown): unknown {
    const aggregate = this.aggregate;
    if (aggregate !== undefined) {
      return aggregate.add(value, partial === undefined ? aggregate.createAccumulator() : partial);
    }
    const inPlace = this.inPlace;
    if (partial === undefined) return inPlace !== undefined ? inPlace.copyForAccumulator(value) : value;
    return inPlace !== undefined ? inPlace.reduceInPlace(partial, value) : this.reduce!.reduce(partial, value);
  }

  private pendingWindow(window: TimeWindow): PendingWindow {
    const pending = this.pending;
    let i = pending.length;
    while (i > 0 && pending[i - 1].window.start >= window.start) {
      if (pending[i - 1].window.start === window.start) return pending[i - 1];
      i--;
    }
    const created: PendingWindow = { window, slots: new Map(), keys: [], partials: [] };
    pending.splice(i, 0, created);
    return created;
  }

  protected override onWatermark(watermark: number): void {
    this.flushUpTo(watermark);
    super.onWatermark(watermark);
  }

  override processWatermarkStatus(idle: boolean, input: number): void {
    if (idle) this.flushUpTo(Number.POSITIVE_INFINITY);
    super.processWatermarkStatus(idle, input);
  }

  override finish(): void {
    this.flushUpTo(Number.POSITIVE_INFINITY);
  }

  /** Partials go downstream ahead of a checkpoint's barrier, so they need no snapshot of their own. */
  override prepareSnapshotPreBarrier(): void {
    this.flushUpTo(Number.POSITIVE_INFINITY);
  }

  override close(): void {
    if (this.reduce !== undefined) closeUserFunction(this.reduce);
  }

  /** Sends the partials of every window whose last timestamp is at or before `time`, oldest first. */
  private flushUpTo(time: number): void {
    const pending = this.pending;
    while (pending.length > 0 && pending[0].window.maxTimestamp() <= time) {
      const { window, keys, partials } = pending.shift()!;
      const timestamp = window.maxTimestamp();
      this.held -= keys.length;
      for (let i = 0; i < keys.length; i++) {
        this.output.collect({ key: keys[i], partial: partials[i] } satisfies WindowPartial, timestamp);
      }
    }
  }
}
