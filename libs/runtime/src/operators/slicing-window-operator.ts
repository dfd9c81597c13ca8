import { checkKey, RuntimeFailure, type Key } from '@weir/common';
import {
  AggregatingStateDescriptor,
  AlignedTimeWindows,
  EventTimeTrigger,
  ReducingStateDescriptor,
  TimeWindow,
  type AggregateFunction,
  type AnyKeySelector,
  type ProcessWindowFunction,
  type ReduceFunction,
  type Window,
  type WindowAssignerContext,
} from '@weir/core';
import {
  copyStateValue,
  type InternalAggregatingState,
  type InternalReducingState,
  type KeyedStateBackend,
} from '@weir/state';
import { MIN_WATERMARK } from '../time-constants';
import type { OperatorState } from './operator-state';
import { SlicesOfKeys } from './slices-of-keys';
import { StreamOperator } from './stream-operator';
import { TimestampedCollector } from './timestamped-collector';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';
import { keyedServicesOfWindow, WINDOW_ALL_KEY, type WindowOperatorSpec } from './window-operator';
import type { WindowPartial } from './window-partial';
import { WindowProcessContext } from './window-process-context';

/** Not the WindowOperator's state name: a savepoint of one never reads as the other's. */
const WINDOW_SLICES = 'window-slices';
/** Union operator state: how far windows fired, per range of key groups (see `firedUpTo`). */
const FIRED_UP_TO = 'window-slices-fired-up-to';

/** Every window of key groups `first` to `last` whose last timestamp is at or before `firedUpTo` fired. */
type FiredUpTo = readonly [first: number, last: number, firedUpTo: number];

// Bound once: calls through a package's re-export getters are not inlined (see HeapKeyedStateBackend).
const check = checkKey;
const copy = copyStateValue;

/**
 * Whether a window can run as slices: event-time sliding windows whose size is a whole number of
 * slides, with the default trigger, no evictor, no allowed lateness, folded incrementally (reduce
 * or aggregate). Those fire each window once, at its end, from contents that only grow.
 */
export function runsAsSlices(spec: WindowOperatorSpec): boolean {
  const { assigner } = spec;
  return (
    assigner instanceof AlignedTimeWindows &&
    assigner.isEventTime() &&
    assigner.size > assigner.slide &&
    assigner.size % assigner.slide === 0 &&
    spec.trigger === EventTimeTrigger.create() &&
    spec.evictor === undefined &&
    spec.allowedLatenessMs === 0 &&
    spec.windowFunction.kind !== 'process'
  );
}

/**
 * The slices of a sliding assigner: tumbling windows of its slide, on the same offset. It goes by
 * the sliding assigner's name, so its errors name what the user wrote.
 */
export class SlicesOf extends AlignedTimeWindows {
  constructor(private readonly windows: AlignedTimeWindows) {
    super(windows.slide, windows.slide, windows.offset, true);
  }

  override toString(): string {
    return this.windows.toString();
  }
}

/**
 * A slice that holds contents, with the keys that have contents in it, in the order they came, and
 * beside each its slot in SlicesOfKeys.
 */
interface PendingSlice {
  readonly start: number;
  readonly keys: Key[];
  readonly slots: number[];
}

/**
 * Sliding event-time windows kept as slices, as Flink's SQL runs window aggregations (its
 * SlicingWindowOperator). A window of size n × slide is n consecutive slices; each element is folded
 * into the one slice it falls in, not into the n windows that hold it, and a window's result is its
 * slices merged (AggregateFunction.merge, or the reduce function) when the watermark passes its end.
 * So an element costs one fold and the state holds one accumulator per key and slice instead of n,
 * each of which lives until its window fires: for a 10 s window sliding by 2 s, a fifth of the
 * objects that outlive a young-generation collection.
 *
 * A slice serves n windows, so it is never merged into in place: each firing folds copies of the
 * key's slices (copyStateValue), as merge may reuse either accumulator. After the window ending at
 * `end` fires, the slice starting at `end − size` has served its last window and is cleared for
 * every key at once. Results, lateness and side outputs are the WindowOperator's for these windows:
 * an element is late once the last window that holds it has fired.
 *
 * What fired is not in the slices themselves (a slice outlives four of its five windows), so the
 * operator snapshots `firedUpTo`, the watermark it has fired windows up to, for its key groups, as
 * union operator state. Subtasks may snapshot at different watermarks (an unaligned checkpoint
 * overtakes them), so after a restore each key group goes on from its own mark: until the watermark
 * passes the highest, a key group whose mark is ahead skips the windows it fired already, and judges
 * lateness by its mark. The pending slices and their keys come back from the keyed state alone.
 */
export class SlicingWindowOperator extends StreamOperator {
  /** Late elements dropped because no late side output was set. */
  numLateRecordsDropped = 0;

  private readonly keySelector: AnyKeySelector | undefined;
  private where = 'a window operator';
  private readonly size: number;
  private readonly slide: number;
  private readonly offset: number;
  private readonly assigner: AlignedTimeWindows;
  private readonly lateDataTag: string | undefined;
  private readonly aggregate: AggregateFunction<unknown, unknown, unknown> | undefined;
  private readonly reduce: ReduceFunction<unknown> | undefined;
  private readonly processFunction: ProcessWindowFunction<unknown, unknown, Key, Window> | undefined;
  /** The input is a window pre-aggregation's partial slices (window-pre-aggregation-plan.ts). */
  private readonly mergesPartials: boolean;
  /** Every window whose last timestamp is at or before this has fired (or was empty). */
  private firedUpTo = MIN_WATERMARK;
  /** What a restore brought back (see the class comment). */
  private restoredMarks: readonly FiredUpTo[] = [];
  /**
   * After a restore whose key groups fired up to different marks: those marks, by key group offset,
   * until `firedUpTo` (their minimum then) reaches `restoredUpTo` (their maximum).
   */
  private keyGroupMarks: Float64Array | undefined;
  private restoredUpTo = MIN_WATERMARK;
  /** Slices with contents, by start, oldest first. */
  private readonly pending: PendingSlice[] = [];
  /**
   * How many pending slices hold each key, the latest of them, and the last window it fired in. Most
   * keys are in one (an auction draws bids for a moment), and a window fires those straight from
   * their slice; only the others are looked up in the window's later slices, up to their latest.
   * Kept as slices fill and clear, it stays the size of the open keys, where a map of each firing's
   * keys would be built up from empty for every window.
   */
  private readonly slicesOfKeys = new SlicesOfKeys();

  private backend!: KeyedStateBackend;
  private contents!: InternalAggregatingState<unknown, unknown, unknown> | InternalReducingState<unknown>;
  private processContext!: WindowProcessContext;
  private assignerContext!: WindowAssignerContext;
  private collector!: TimestampedCollector<unknown>;

  constructor(spec: WindowOperatorSpec) {
    super();
    if (!runsAsSlices(spec)) throw new RuntimeFailure(`${spec.assigner.toString()} cannot run as slices.`);
    const assigner = spec.assigner as AlignedTimeWindows;
    this.keySelector = spec.keySelector;
    this.size = assigner.size;
    this.slide = assigner.slide;
    this.offset = assigner.offset;
    this.assigner = assigner;
    this.lateDataTag = spec.lateDataTag;
    const fn = spec.windowFunction;
    this.aggregate = fn.kind === 'aggregate' ? fn.aggregate : undefined;
    this.reduce = fn.kind === 'reduce' ? fn.reduce : undefined;
    this.processFunction = fn.process;
    this.mergesPartials = spec.mergesPartials === true;
  }

  override initializeState(restored: OperatorState): void {
    this.restoredMarks = (restored.unions?.[FIRED_UP_TO] ?? []) as FiredUpTo[];
  }

  override snapshotState(): OperatorState {
    const { startKeyGroup, endKeyGroup } = this.backend.keyGroupRange;
    const marks = this.keyGroupMarks;
    if (marks === undefined) return { unions: { [FIRED_UP_TO]: [[startKeyGroup, endKeyGroup, this.firedUpTo]] } };
    const perKeyGroup: FiredUpTo[] = [];
    for (let i = 0; i < marks.length; i++) {
      perKeyGroup.push([startKeyGroup + i, startKeyGroup + i, Math.max(marks[i], this.firedUpTo)]);
    }
    return { unions: { [FIRED_UP_TO]: perKeyGroup } };
  }

  /** Takes the marks of this subtask's key groups from what was restored. */
  private restoreMarks(): void {
    const { startKeyGroup, endKeyGroup, numberOfKeyGroups } = this.backend.keyGroupRange;
    const marks = new Float64Array(numberOfKeyGroups).fill(MIN_WATERMARK);
    for (const [first, last, mark] of this.restoredMarks) {
      for (let g = Math.max(first, startKeyGroup); g <= Math.min(last, endKeyGroup); g++)
        marks[g - startKeyGroup] = mark;
    }
    this.restoredMarks = [];
    let lowest = Number.POSITIVE_INFINITY;
    let highest = Number.NEGATIVE_INFINITY;
    for (const mark of marks) {
      lowest = Math.min(lowest, mark);
      highest = Math.max(highest, mark);
    }
    this.firedUpTo = lowest;
    this.restoredUpTo = highest;
    if (highest > lowest) this.keyGroupMarks = marks;
  }

  /** The current key's group fired every window whose last timestamp is at or before `time`. */
  private firedFor(time: number): boolean {
    if (time <= this.firedUpTo) return true;
    const marks = this.keyGroupMarks;
    return (
      marks !== undefined &&
      time <= marks[this.backend.getCurrentKeyGroupIndex() - this.backend.keyGroupRange.startKeyGroup]
    );
  }

  override open(): void {
    const { backend, manager } = keyedServicesOfWindow(this.ctx);
    this.backend = backend;
    this.where = `the window operator '${this.ctx.operatorName}'`;
    this.restoreMarks();
    this.contents =
      this.aggregate !== undefined
        ? backend.getAggregatingState(new AggregatingStateDescriptor(WINDOW_SLICES, this.aggregate))
        : backend.getReducingState(new ReducingStateDescriptor<unknown>(WINDOW_SLICES, this.reduce!));
    for (const [key, start] of backend.getKeysAndNamespaces(WINDOW_SLICES)) this.addToSlice(start as number, key);
    const processingTime = this.ctx.processingTimeService;
    const clock = {
      currentWatermark: () => manager.currentWatermark(),
      currentProcessingTime: () => processingTime.getCurrentProcessingTime(),
    };
    this.processContext = new WindowProcessContext(backend, clock, this.output, false);
    this.assignerContext = { getCurrentProcessingTime: clock.currentProcessingTime };
    this.collector = new TimestampedCollector(this.output);
    if (this.reduce !== undefined) openUserFunction(this.reduce, this.ctx);
    if (this.processFunction !== undefined) openUserFunction(this.processFunction, this.ctx);
  }

  processElement(value: unknown, timestamp: number): void {
    const selector = this.keySelector;
    const key = selector === undefined ? WINDOW_ALL_KEY : check(selector(value), this.where);
    // The latest window that holds the element starts where its slice does (and errors name the assigner).
    const start = this.assigner.assignWindows(value, timestamp, this.assignerContext)[0].start;
    this.backend.setCurrentKey(key);
    // The last window that holds the slice ends at start + size.
    if (this.firedFor(start + this.size - 1)) {
      if (this.lateDataTag !== undefined) this.output.collectSide(this.lateDataTag, value, timestamp);
      else this.numLateRecordsDropped++;
      return;
    }
    const contents = this.contents;
    contents.setCurrentNamespace(start);
    if (this.sliceContents() === undefined) this.addToSlice(start, key);
    if (!this.mergesPartials) contents.add(value);
    else if (this.aggregate !== undefined) {
      (contents as InternalAggregatingState<unknown, unknown, unknown>).addAccumulator(
        (value as WindowPartial).partial,
      );
    } else contents.add((value as WindowPartial).partial);
  }

  /** The current key's contents in the current slice. */
  private sliceContents(): unknown {
    return this.aggregate !== undefined
      ? (this.contents as InternalAggregatingState<unknown, unknown, unknown>).getAccumulator()
      : (this.contents as InternalReducingState<unknown>).get();
  }

  /** `key` has contents in the slice starting at `start` now, which becomes pending if it was not. */
  private addToSlice(start: number, key: Key): void {
    const slice = this.pendingSlice(start);
    slice.keys.push(key);
    slice.slots.push(this.slicesOfKeys.add(key, start));
  }

  /**
   * The pending slice starting at `start`, which becomes pending if it was not. A binary
   * search: with parallel inputs, a subtask's own records go to its oldest pending slices while
   * partials from a sender that runs ahead open slices far past them, hundreds when it is seconds ahead.
   */
  private pendingSlice(start: number): PendingSlice {
    const pending = this.pending;
    let low = 0;
    let high = pending.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (pending[middle].start < start) low = middle + 1;
      else high = middle;
    }
    if (low < pending.length && pending[low].start === start) return pending[low];
    const slice: PendingSlice = { start, keys: [], slots: [] };
    pending.splice(low, 0, slice);
    return slice;
  }

  /** Clears the oldest pending slice, for every key at once. */
  private clearOldestSlice(): void {
    const { start, keys, slots } = this.pending.shift()!;
    this.contents.clearNamespace(start);
    const slicesOfKeys = this.slicesOfKeys;
    for (let k = 0; k < keys.length; k++) slicesOfKeys.remove(keys[k], slots[k]);
  }

  protected override onWatermark(watermark: number): void {
    // The clock first, as the timer service does before firing: window functions read it.
    this.ctx.timeServiceManager!.advanceWatermark(watermark);
    const pending = this.pending;
    const { size, slide } = this;
    while (pending.length > 0) {
      // The first window not fired yet that holds the oldest slice.
      const end = Math.max(pending[0].start + slide, this.firstEndAfter(this.firedUpTo));
      if (end - 1 > watermark) break;
      this.fireWindow(end);
      this.firedUpTo = end - 1;
      while (pending.length > 0 && pending[0].start + size <= end) this.clearOldestSlice();
    }
    if (watermark > this.firedUpTo) this.firedUpTo = watermark;
    if (this.firedUpTo >= this.restoredUpTo) this.keyGroupMarks = undefined;
    this.output.emitWatermark(watermark);
  }

  /** The earliest window end after a window whose last timestamp is `time`. */
  private firstEndAfter(time: number): number {
    if (time === MIN_WATERMARK) return MIN_WATERMARK;
    return TimeWindow.getWindowStartWithOffset(time + 1, this.offset, this.slide) + this.slide;
  }

  /**
   * Fires the window ending at `end` for every key with contents in one of its slices: the pending
   * slices that start before `end` (all later than `end − size`, as older ones were cleared). Each
   * slice gives the contents of just the keys it holds. A key fires with the first of the window's
   * slices it is in, merging the later ones up to its latest, and is skipped in the others (its slot
   * in SlicesOfKeys says it fired), so keys fire in the order they first came into the window's slices.
   */
  private fireWindow(end: number): void {
    const window = new TimeWindow(end - this.size, end);
    this.collector.timestamp = window.maxTimestamp();
    const pending = this.pending;
    let slices = 0;
    while (slices < pending.length && pending[slices].start < end) slices++;
    const { backend, contents, slicesOfKeys } = this;
    const clearsPerKey = this.processFunction?.clear !== undefined;
    for (let i = 0; i < slices; i++) {
      const { start, keys, slots } = pending[i];
      // Its last window: the slice is cleared next, so its contents need no copy.
      const lastWindow = start + this.size === end;
      for (let k = 0; k < keys.length; k++) {
        const slot = slots[k];
        const inOthers = slicesOfKeys.count(slot) > 1;
        // A key that fired with an earlier slice of this window needs no key context here.
        if (inOthers && !slicesOfKeys.firesIn(slot, end)) continue;
        backend.setCurrentKey(keys[k]);
        if (this.keyGroupMarks !== undefined && this.firedFor(end - 1)) continue;
        contents.setCurrentNamespace(start);
        const slice = this.sliceContents();
        let merged = lastWindow ? slice : copy(slice);
        if (inOthers) merged = this.mergeSlices(merged, i + 1, slices, slicesOfKeys.latestStart(slot));
        this.emit(window, merged);
        if (clearsPerKey) {
          this.processContext.setWindow(window);
          this.processFunction!.clear!(this.processContext);
        }
      }
    }
  }

  /**
   * `merged` with copies of the current key's contents in the pending slices `from` to `to`
   * (exclusive) merged in, up to the latest slice that holds the key.
   */
  private mergeSlices(merged: unknown, from: number, to: number, latestStart: number): unknown {
    const pending = this.pending;
    for (let j = from; j < to && pending[j].start <= latestStart; j++) {
      this.contents.setCurrentNamespace(pending[j].start);
      const slice = this.sliceContents();
      if (slice !== undefined) merged = this.combine(merged, copy(slice));
    }
    return merged;
  }

  private combine(a: unknown, b: unknown): unknown {
    return this.aggregate !== undefined ? this.aggregate.merge(a, b) : this.reduce!.reduce(a, b);
  }

  private emit(window: TimeWindow, contents: unknown): void {
    const result = this.aggregate !== undefined ? this.aggregate.getResult(contents) : contents;
    const process = this.processFunction;
    if (process === undefined) {
      this.collector.collect(result);
      return;
    }
    this.processContext.setWindow(window);
    process.process(this.backend.getCurrentKey(), this.processContext, [result], this.collector);
  }

  override close(): void {
    if (this.processFunction !== undefined) closeUserFunction(this.processFunction);
    if (this.reduce !== undefined) closeUserFunction(this.reduce);
  }
}
