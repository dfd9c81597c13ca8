import { checkKey, JobDefinitionError, RuntimeFailure, type Key } from '@weir/common';
import {
  AggregatingStateDescriptor,
  AlignedTimeWindows,
  EventTimeTrigger,
  GlobalWindow,
  ListStateDescriptor,
  MapStateDescriptor,
  type MergingWindowAssigner,
  ProcessingTimeTrigger,
  ReducingStateDescriptor,
  TimeWindow,
  ValueStateDescriptor,
  type AggregateFunction,
  type AnyKeySelector,
  type Evictor,
  type EvictorContext,
  type OperatorSpec,
  type ProcessWindowFunction,
  type TimestampedValue,
  type Trigger,
  type TriggerResult,
  type ValueState,
  type Window,
  type WindowAssigner,
  type WindowAssignerContext,
} from '@weir/core';
import {
  VOID_NAMESPACE,
  type InternalAggregatingState,
  type InternalListState,
  type InternalMapState,
  type InternalReducingState,
  type InternalTimer,
  type InternalTimeServiceManager,
  type InternalTimerService,
  type KeyedStateBackend,
  type Namespace,
  type NamespaceSerializer,
  type Triggerable,
} from '@weir/state';
import { isTimeWindow, MergingWindowSet, type WindowMerger } from './merging-window-set';
import type { OperatorContext } from './operator-context';
import { StreamOperator } from './stream-operator';
import { TimestampedCollector } from './timestamped-collector';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';
import { WindowProcessContext } from './window-process-context';
import type { WindowPartial } from './window-partial';
import { WindowTriggerContext } from './window-trigger-context';

export type WindowOperatorSpec = Extract<OperatorSpec, { kind: 'window' }>;

/** The one key of a non-keyed (windowAll) window operator, which runs at parallelism 1. */
export const WINDOW_ALL_KEY = 0;
const WINDOW_CONTENTS = 'window-contents';
const MERGING_WINDOW_SET = 'merging-window-set';
const OPEN_PROCESSING_TIME_WINDOWS = 'open-processing-time-windows';
const NO_WINDOWS: readonly TimeWindow[] = [];

// Bound once: a call through a package's re-exports goes through a getter that V8 does not inline.
const checkKeyOf = checkKey;

/** Windows as timer namespaces in snapshots: a TimeWindow as [start, end], the GlobalWindow as null. */
const WINDOW_SERIALIZER: NamespaceSerializer<Window> = {
  toData: (window) => (isTimeWindow(window) ? [window.start, window.end] : null),
  fromData: (data) => (data === null ? GlobalWindow.INSTANCE : new TimeWindow(...(data as [number, number]))),
};

/** A window that holds contents and has not fired, with the keys whose contents it holds, in the order they came. */
interface PendingWindow {
  readonly window: TimeWindow;
  readonly keys: Key[];
}

/** The contents of every window, in the form the window function needs. */
type ContentsState =
  InternalReducingState<unknown> | InternalAggregatingState<unknown, unknown, unknown> | InternalListState<unknown>;

/**
 * Evaluates windows over a (keyed) stream, with Flink's WindowOperator semantics (API.md "Windows").
 *
 * Per record: the assigner picks the windows; each window's contents are kept in keyed state under
 * the window's namespace, and its trigger decides whether to fire and/or purge. Incremental `reduce`
 * and `aggregate` keep one accumulator per window; `process` and any evictor keep the elements.
 * Results carry the window's `maxTimestamp()` (`end − 1`) as their timestamp.
 *
 * Event time: a window is late once `maxTimestamp() + allowedLateness <= watermark`. At that time a
 * cleanup timer removes its contents, trigger state and per-window state; elements that arrive for
 * it later go to the late side output, or are dropped and counted in `numLateRecordsDropped`. Until
 * then, late elements update the window and fire it again (the trigger decides).
 *
 * Merging (session) windows: a MergingWindowSet per key (in keyed state) maps each in-flight window
 * to the window whose namespace holds its contents, so merging moves as little state as possible.
 */
export class WindowOperator extends StreamOperator implements Triggerable<Window>, WindowMerger {
  /** Late elements dropped because no late side output was set. */
  numLateRecordsDropped = 0;

  private readonly keySelector: AnyKeySelector | undefined;
  /** Names the operator in key selector errors. */
  private where = 'a window operator';
  private readonly assigner: WindowAssigner<unknown, Window>;
  private readonly mergingAssigner: MergingWindowAssigner<unknown, TimeWindow> | undefined;
  private readonly trigger: Trigger<unknown, Window>;
  private readonly evictor: Evictor<unknown, Window> | undefined;
  private readonly eventTime: boolean;
  private readonly allowedLateness: number;
  private readonly lateDataTag: string | undefined;
  private readonly processFunction: ProcessWindowFunction<unknown, unknown, Key, Window> | undefined;
  /** The trigger is EventTimeTrigger or ProcessingTimeTrigger, whose only state is the timer at the window's end. */
  private readonly defaultTrigger: boolean;
  /** True when the trigger itself sets a timer at every window's cleanup time, so the operator need not. */
  private readonly triggerTimerIsCleanupTimer: boolean;
  /**
   * Set for the default triggers over the contents of non-merging windows without an evictor. Those
   * triggers only ever set the one timer at the window's end, so once a window has contents, its
   * trigger timer, its cleanup timer (and its entry among the open processing-time windows) were set
   * by an earlier element and are still pending: each goes only when it fires or the window is
   * cleared, and both clear the contents too (nothing else removes contents: the default triggers
   * never purge, and only evictors take elements out). Later elements of the window then skip the
   * trigger and its timer lookups; only EventTimeTrigger's late firing is left to check.
   */
  private readonly defaultTriggerShortcut: boolean;
  /**
   * Aligned windows (tumbling, sliding) of one assigner all have its size, so the start alone tells
   * them apart: the namespace of their contents and timers is then that number, which hashes and
   * compares cheaper than the window's string key. State that user code sees (trigger state,
   * `windowState()`) keeps `namespaceKey()`, so it can never meet `globalState()`'s VOID_NAMESPACE.
   */
  private readonly startIsNamespace: boolean;
  /**
   * Set for event-time aligned windows under the shortcut with no allowed lateness. Every window
   * with contents then has exactly one timer, EventTimeTrigger's at its end, which is its cleanup
   * time too, set by the key's first element in it. So instead of a timer per key and window (an
   * object, a hash-set entry and a heap slot each), the operator keeps its pending windows, each with
   * the keys that have contents in it in the order they came, and fires them as the watermark passes
   * their ends: windows in end order, keys in that order, just as those timers would have fired.
   * What is pending follows from the contents state alone (every key with contents in a window is
   * due at the window's end), so the contents are all a snapshot of this operator needs.
   */
  private readonly firesByWindow: boolean;
  /** The windows waiting to fire, by end (only with `firesByWindow`). */
  private readonly pendingWindows: PendingWindow[] = [];

  private backend!: KeyedStateBackend;
  private timers!: InternalTimerService<Window>;
  private contents!: ContentsState;
  /**
   * Set when the contents are elements (process function or evictor): the same state as `contents`.
   * The elements are TimestampedValues when there is an evictor (evictors read timestamps), else
   * the values themselves, which saves an object per element that lives as long as its window.
   */
  private elements: InternalListState<unknown> | undefined;
  private mergingWindowSet: ValueState<number[]> | undefined;
  /** Processing-time windows that hold contents, per key: what `finish()` fires. */
  private openProcessingTimeWindows: InternalMapState<Namespace, readonly [number, number]> | undefined;
  private triggerContext!: WindowTriggerContext;
  private processContext!: WindowProcessContext;
  private assignerContext!: WindowAssignerContext;
  private evictorContext!: EvictorContext;
  /** Emits results with the timestamp of the window being evaluated: its `maxTimestamp()`. */
  private collector!: TimestampedCollector<unknown>;
  private readonly reduce: ((a: unknown, b: unknown) => unknown) | undefined;
  /** The input is a window pre-aggregation's partial contents (window-pre-aggregation-plan.ts). */
  private readonly mergesPartials: boolean;

  constructor(private readonly spec: WindowOperatorSpec) {
    super();
    this.keySelector = spec.keySelector;
    this.assigner = spec.assigner;
    // By shape, not instanceof: a job bundle may carry its own copy of @weir/core.
    this.mergingAssigner =
      typeof (spec.assigner as MergingWindowAssigner<unknown, TimeWindow>).mergeWindows === 'function'
        ? (spec.assigner as MergingWindowAssigner<unknown, TimeWindow>)
        : undefined;
    this.trigger = spec.trigger;
    this.evictor = spec.evictor;
    this.eventTime = spec.assigner.isEventTime();
    if (!(spec.allowedLatenessMs >= 0) || !Number.isSafeInteger(spec.allowedLatenessMs)) {
      throw new JobDefinitionError(
        `The allowed lateness of a window must be a whole number of milliseconds, 0 or more, not ${spec.allowedLatenessMs}.`,
      );
    }
    this.allowedLateness = spec.allowedLatenessMs;
    this.lateDataTag = spec.lateDataTag;
    this.mergesPartials = spec.mergesPartials === true;
    this.processFunction = spec.windowFunction.process;
    const fn = spec.windowFunction;
    this.reduce = fn.kind === 'reduce' ? (a, b) => fn.reduce.reduce(a, b) : undefined;
    if (this.mergingAssigner !== undefined && !spec.trigger.canMerge()) {
      throw new JobDefinitionError(
        `The trigger ${spec.trigger.toString()} cannot be used with the merging window assigner ` +
          `${spec.assigner.toString()} (session windows): pick a trigger whose canMerge() is true.`,
      );
    }
    const defaultTrigger = this.eventTime
      ? spec.trigger === EventTimeTrigger.create()
      : spec.trigger === ProcessingTimeTrigger.create();
    this.defaultTrigger = defaultTrigger;
    this.triggerTimerIsCleanupTimer = defaultTrigger && this.allowedLateness === 0;
    this.defaultTriggerShortcut = defaultTrigger && this.mergingAssigner === undefined && spec.evictor === undefined;
    this.startIsNamespace = spec.assigner instanceof AlignedTimeWindows;
    this.firesByWindow =
      this.eventTime && this.defaultTriggerShortcut && this.allowedLateness === 0 && this.startIsNamespace;
  }

  override open(): void {
    const { backend, manager } = keyedServicesOfWindow(this.ctx);
    this.backend = backend;
    this.where = `the window operator '${this.ctx.operatorName}'`;
    this.timers = manager.getInternalTimerService<Window>(
      'window-timers',
      this,
      (w) => this.namespaceOf(w),
      WINDOW_SERIALIZER,
    );
    this.contents = this.createContentsState();
    if (this.firesByWindow) this.rebuildPendingWindows();
    if (this.mergingAssigner !== undefined) {
      this.mergingWindowSet = backend.getValueState(new ValueStateDescriptor<number[]>(MERGING_WINDOW_SET));
    } else if (!this.eventTime) {
      this.openProcessingTimeWindows = backend.getMapState(
        new MapStateDescriptor<Namespace, readonly [number, number]>(OPEN_PROCESSING_TIME_WINDOWS),
      );
    }
    this.triggerContext = new WindowTriggerContext(backend, this.timers);
    this.processContext = new WindowProcessContext(
      backend,
      this.timers,
      this.output,
      this.mergingAssigner !== undefined,
    );
    const timers = this.timers;
    this.assignerContext = { getCurrentProcessingTime: () => timers.currentProcessingTime() };
    this.evictorContext = {
      getCurrentProcessingTime: () => timers.currentProcessingTime(),
      getCurrentWatermark: () => timers.currentWatermark(),
    };
    this.collector = new TimestampedCollector(this.output);

    const fn = this.spec.windowFunction;
    if (fn.kind === 'reduce') openUserFunction(fn.reduce, this.ctx);
    if (this.processFunction !== undefined) openUserFunction(this.processFunction, this.ctx);
  }

  private createContentsState(): ContentsState {
    const fn = this.spec.windowFunction;
    if (fn.kind === 'process' || this.evictor !== undefined) {
      this.elements = this.backend.getListState(new ListStateDescriptor<unknown>(WINDOW_CONTENTS));
      return this.elements;
    }
    if (fn.kind === 'reduce') {
      return this.backend.getReducingState(new ReducingStateDescriptor<unknown>(WINDOW_CONTENTS, fn.reduce));
    }
    return this.backend.getAggregatingState(new AggregatingStateDescriptor(WINDOW_CONTENTS, fn.aggregate));
  }

  processElement(value: unknown, timestamp: number): void {
    const selector = this.keySelector;
    const key = selector === undefined ? WINDOW_ALL_KEY : checkKeyOf(selector(value), this.where);
    this.backend.setCurrentKey(key);
    const windows = this.assigner.assignWindows(value, timestamp, this.assignerContext);
    const added =
      this.mergingAssigner === undefined
        ? this.addToWindows(key, value, timestamp, windows)
        : this.addToMergingWindows(value, timestamp, windows as readonly TimeWindow[]);
    if (!added && this.eventTime && timestamp + this.allowedLateness <= this.timers.currentWatermark()) {
      if (this.lateDataTag !== undefined) this.output.collectSide(this.lateDataTag, value, timestamp);
      else this.numLateRecordsDropped++;
    }
  }

  /** Adds the element (of the current key) to each of its windows that is not late; false if there was none. */
  private addToWindows(key: Key, value: unknown, timestamp: number, windows: readonly Window[]): boolean {
    let added = false;
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i];
      if (this.isWindowLate(window)) continue;
      added = true;
      const namespace = this.namespaceOf(window);
      this.contents.setCurrentNamespace(namespace);
      if (this.defaultTriggerShortcut && this.hasContents()) {
        this.addToContents(value, timestamp);
        if (this.eventTime && window.maxTimestamp() <= this.timers.currentWatermark()) this.emitWindowContents(window);
        continue;
      }
      this.addToContents(value, timestamp);
      if (this.firesByWindow) {
        this.pendingKeysOf(window as TimeWindow).push(key);
        continue;
      }
      if (this.openProcessingTimeWindows !== undefined) this.trackOpenWindow(window, namespace);
      this.onElementInWindow(value, timestamp, window);
    }
    return added;
  }

  /**
   * After a restore, the windows waiting to fire come back from the contents state alone (see
   * `firesByWindow`): every key with contents in a window is due at its end. Keys come in key-group
   * order rather than arrival order, which changes only the order of one window's results.
   */
  private rebuildPendingWindows(): void {
    const size = (this.assigner as AlignedTimeWindows).size;
    for (const [key, start] of this.backend.getKeysAndNamespaces(WINDOW_CONTENTS)) {
      this.pendingKeysOf(new TimeWindow(start as number, (start as number) + size)).push(key);
    }
  }

  /** The keys pending in `window`, which becomes pending if it was not (see `firesByWindow`). */
  private pendingKeysOf(window: TimeWindow): Key[] {
    const pending = this.pendingWindows;
    // In-order streams add to the newest windows, so search from the end.
    let i = pending.length;
    while (i > 0 && pending[i - 1].window.start >= window.start) {
      if (pending[i - 1].window.start === window.start) return pending[i - 1].keys;
      i--;
    }
    const keys: Key[] = [];
    pending.splice(i, 0, { window, keys });
    return keys;
  }

  protected override onWatermark(watermark: number): void {
    if (!this.firesByWindow) {
      super.onWatermark(watermark);
      return;
    }
    // The clock first, as the timer service does before firing: window functions read it. No timer
    // is pending in this mode, so advancing fires nothing.
    this.ctx.timeServiceManager!.advanceWatermark(watermark);
    const pending = this.pendingWindows;
    const clearsPerKey = this.processFunction?.clear !== undefined;
    while (pending.length > 0 && pending[0].window.maxTimestamp() <= watermark) {
      const { window, keys } = pending.shift()!;
      for (let i = 0; i < keys.length; i++) {
        this.backend.setCurrentKey(keys[i]);
        this.contents.setCurrentNamespace(window.start);
        this.emitWindowContents(window);
        if (clearsPerKey) this.clearAllState(window, undefined, false);
      }
      // Every key with contents in the window was among its keys, so its contents go all at once.
      if (!clearsPerKey) this.contents.clearNamespace(window.start);
    }
    this.output.emitWatermark(watermark);
  }

  private addToMergingWindows(value: unknown, timestamp: number, windows: readonly TimeWindow[]): boolean {
    const windowSet = this.loadMergingWindowSet();
    let added = false;
    for (let i = 0; i < windows.length; i++) {
      const window = windowSet.addWindow(windows[i], this);
      if (this.isWindowLate(window)) {
        windowSet.retireWindow(window);
        continue;
      }
      added = true;
      const stateWindow = windowSet.getStateWindow(window);
      if (stateWindow === undefined) {
        throw new RuntimeFailure(`The window ${window} is missing from the merging window set of its key.`);
      }
      this.contents.setCurrentNamespace(stateWindow.namespaceKey());
      this.addToContents(value, timestamp);
      this.onElementInWindow(value, timestamp, window);
    }
    windowSet.persist();
    return added;
  }

  /** Whether the contents of the current namespace hold anything. */
  private hasContents(): boolean {
    if (this.elements !== undefined) return !isEmpty(this.elements.get());
    return this.spec.windowFunction.kind === 'aggregate'
      ? (this.contents as InternalAggregatingState<unknown, unknown, unknown>).getAccumulator() !== undefined
      : (this.contents as InternalReducingState<unknown>).get() !== undefined;
  }

  /** The namespace of a window's contents and timers (see `startIsNamespace`). */
  private namespaceOf(window: Window): Namespace {
    return this.startIsNamespace ? (window as TimeWindow).start : window.namespaceKey();
  }

  private addToContents(value: unknown, timestamp: number): void {
    if (this.elements !== undefined) this.elements.add(this.evictor === undefined ? value : { value, timestamp });
    else if (this.mergesPartials) this.mergePartial((value as WindowPartial).partial);
    else (this.contents as InternalReducingState<unknown>).add(value);
  }

  /** A reduce's partial is a value like any other; an aggregate's is an accumulator to merge. */
  private mergePartial(partial: unknown): void {
    if (this.spec.windowFunction.kind === 'aggregate') {
      (this.contents as InternalAggregatingState<unknown, unknown, unknown>).addAccumulator(partial);
    } else {
      (this.contents as InternalReducingState<unknown>).add(partial);
    }
  }

  /** Asks the trigger about a new element of `window` (its contents' namespace is set) and acts on it. */
  private onElementInWindow(value: unknown, timestamp: number, window: Window): void {
    const ctx = this.triggerContext;
    ctx.window = window;
    const result = this.trigger.onElement(value, timestamp, window, ctx);
    if (result !== 'CONTINUE') this.applyTriggerResult(result, window);
    this.registerCleanupTimer(window);
  }

  private applyTriggerResult(result: TriggerResult, window: Window): void {
    if (result === 'FIRE' || result === 'FIRE_AND_PURGE') this.emitWindowContents(window);
    if (result === 'PURGE' || result === 'FIRE_AND_PURGE') this.contents.clear();
  }

  onEventTime(timer: InternalTimer<Window>): void {
    this.onTimer(timer, true);
  }

  onProcessingTime(timer: InternalTimer<Window>): void {
    this.onTimer(timer, false);
  }

  private onTimer(timer: InternalTimer<Window>, eventTimeTimer: boolean): void {
    const window = timer.namespace;
    let windowSet: MergingWindowSet | undefined;
    if (this.mergingAssigner !== undefined) {
      windowSet = this.loadMergingWindowSet();
      const stateWindow = windowSet.getStateWindow(window as TimeWindow);
      // A timer of a window that was merged into another or cleaned up already: nothing left to do.
      if (stateWindow === undefined) return;
      this.contents.setCurrentNamespace(stateWindow.namespaceKey());
    } else {
      this.contents.setCurrentNamespace(this.namespaceOf(window));
    }
    const ctx = this.triggerContext;
    ctx.window = window;
    const time = timer.timestamp;
    const result = eventTimeTimer
      ? this.trigger.onEventTime(time, window, ctx)
      : this.trigger.onProcessingTime(time, window, ctx);
    if (result !== 'CONTINUE') this.applyTriggerResult(result, window);
    if (eventTimeTimer === this.eventTime && time === this.cleanupTime(window)) {
      // A default trigger's only timer, at the window's end, is due by its cleanup time, so it fired
      // already (or is this one): clearing the trigger would only look for a timer that is gone.
      this.clearAllState(window, windowSet, !this.defaultTrigger);
    }
    windowSet?.persist();
  }

  /** Merges the trigger state, timers and contents of windows that became one (see MergingWindowSet). */
  mergeWindows(
    mergeResult: TimeWindow,
    mergedWindows: readonly TimeWindow[],
    stateWindowResult: TimeWindow,
    mergedStateWindows: readonly TimeWindow[],
  ): void {
    if (this.eventTime && mergeResult.maxTimestamp() + this.allowedLateness <= this.timers.currentWatermark()) {
      throw new JobDefinitionError(
        `${this.assigner.toString()} merged windows into ${mergeResult}, which ends before the current watermark ` +
          `(${this.timers.currentWatermark()}); merging may only make windows longer.`,
      );
    }
    if (!this.eventTime && mergeResult.maxTimestamp() <= this.timers.currentProcessingTime()) {
      throw new JobDefinitionError(
        `${this.assigner.toString()} merged windows into ${mergeResult}, which ends before the current processing ` +
          `time (${this.timers.currentProcessingTime()}); merging may only make windows longer.`,
      );
    }
    const ctx = this.triggerContext;
    ctx.window = mergeResult;
    ctx.mergedWindows = mergedWindows;
    this.trigger.onMerge(mergeResult, ctx);
    ctx.mergedWindows = NO_WINDOWS;
    for (let i = 0; i < mergedWindows.length; i++) {
      const merged = mergedWindows[i];
      ctx.window = merged;
      this.trigger.clear(merged, ctx);
      this.deleteCleanupTimer(merged);
    }
    if (mergedStateWindows.length > 0) {
      this.contents.mergeNamespaces(
        stateWindowResult.namespaceKey(),
        mergedStateWindows.map((w) => w.namespaceKey()),
      );
    }
  }

  /** Runs the window function on the window's contents (whose namespace is set), if it has any. */
  private emitWindowContents(window: Window): void {
    this.collector.timestamp = window.maxTimestamp();
    const elements = this.elements;
    if (elements !== undefined) {
      if (this.evictor !== undefined) {
        this.emitEvicting(window, this.evictor, elements as InternalListState<TimestampedValue<unknown>>);
        return;
      }
      // A copy: the state hands out its live list, which later (late) elements would extend.
      const values = Array.from(elements.get());
      if (values.length > 0) this.process(this.processFunction!, window, values);
      return;
    }
    const fn = this.spec.windowFunction;
    let result: unknown;
    if (fn.kind === 'aggregate') {
      const accumulator = (this.contents as InternalAggregatingState<unknown, unknown, unknown>).getAccumulator();
      if (accumulator === undefined) return;
      result = fn.aggregate.getResult(accumulator);
    } else {
      result = (this.contents as InternalReducingState<unknown>).get();
      if (result === undefined) return;
    }
    if (this.processFunction === undefined) this.collector.collect(result);
    else this.process(this.processFunction, window, [result]);
  }

  private emitEvicting(
    window: Window,
    evictor: Evictor<unknown, Window>,
    state: InternalListState<TimestampedValue<unknown>>,
  ): void {
    // A copy: evictors edit the array in place, and the state hands out its live list.
    let elements = Array.from(state.get());
    if (elements.length === 0) return;
    const stored = elements.length;
    elements = evictor.evictBefore(elements, window, this.evictorContext);
    const values = new Array<unknown>(elements.length);
    for (let i = 0; i < elements.length; i++) values[i] = elements[i].value;

    const fn = this.spec.windowFunction;
    if (fn.kind === 'process') {
      this.process(fn.process, window, values);
    } else {
      // With an evictor, reduce and aggregate run over the elements that are left, at firing time.
      const result = fn.kind === 'reduce' ? reduceAll(this.reduce!, values) : aggregateAll(fn.aggregate, values);
      if (result.length > 0) {
        if (this.processFunction === undefined) this.collector.collect(result[0]);
        else this.process(this.processFunction, window, result);
      }
    }

    elements = evictor.evictAfter(elements, window, this.evictorContext);
    // Evictors only remove, so an unchanged length means unchanged contents.
    if (elements.length !== stored) state.update(elements);
  }

  private process(fn: ProcessWindowFunction<unknown, unknown, Key, Window>, window: Window, elements: unknown[]): void {
    this.processContext.setWindow(window);
    fn.process(this.backend.getCurrentKey(), this.processContext, elements, this.collector);
  }

  /** Removes everything the operator keeps for a window that is done (contents' namespace is set). */
  private clearAllState(window: Window, windowSet: MergingWindowSet | undefined, clearTrigger: boolean): void {
    this.contents.clear();
    if (clearTrigger) {
      const ctx = this.triggerContext;
      ctx.window = window;
      this.trigger.clear(window, ctx);
    }
    if (this.processFunction?.clear !== undefined) {
      this.processContext.setWindow(window);
      this.processFunction.clear(this.processContext);
    }
    if (windowSet !== undefined) windowSet.retireWindow(window as TimeWindow);
    else this.openProcessingTimeWindows?.remove(this.namespaceOf(window));
  }

  private isWindowLate(window: Window): boolean {
    return this.eventTime && this.cleanupTime(window) <= this.timers.currentWatermark();
  }

  /** When a window's state goes: its end plus the allowed lateness (event time), its end (processing time), or never. */
  private cleanupTime(window: Window): number {
    const maxTimestamp = window.maxTimestamp();
    // The GlobalWindow never ends.
    if (maxTimestamp >= Number.MAX_SAFE_INTEGER) return Number.POSITIVE_INFINITY;
    return this.eventTime ? maxTimestamp + this.allowedLateness : maxTimestamp;
  }

  private registerCleanupTimer(window: Window): void {
    if (this.triggerTimerIsCleanupTimer) return;
    const time = this.cleanupTime(window);
    if (time === Number.POSITIVE_INFINITY) return;
    if (this.eventTime) this.timers.registerEventTimeTimer(window, time);
    else this.timers.registerProcessingTimeTimer(window, time);
  }

  private deleteCleanupTimer(window: Window): void {
    if (this.triggerTimerIsCleanupTimer) return;
    const time = this.cleanupTime(window);
    if (time === Number.POSITIVE_INFINITY) return;
    if (this.eventTime) this.timers.deleteEventTimeTimer(window, time);
    else this.timers.deleteProcessingTimeTimer(window, time);
  }

  private loadMergingWindowSet(): MergingWindowSet {
    const state = this.mergingWindowSet!;
    return new MergingWindowSet(this.mergingAssigner!, state);
  }

  private trackOpenWindow(window: Window, namespace: Namespace): void {
    const open = this.openProcessingTimeWindows!;
    if (isTimeWindow(window) && !open.contains(namespace)) open.put(namespace, [window.start, window.end]);
  }

  /**
   * The end of bounded input: event-time windows have all fired on the final watermark, but the wall
   * clock has not reached the end of the processing-time windows still open. Flink drops those
   * silently; here each one is evaluated once, with what it holds, and cleaned up, so that a bounded
   * job never loses its last records. This fires regardless of the trigger (a count trigger's partial
   * window is emitted too); the GlobalWindow, which never ends, is left alone, as in Flink.
   */
  override finish(): void {
    if (this.eventTime) return;
    const open: { key: Key; window: TimeWindow; stateWindow: TimeWindow }[] = [];
    const stateName = this.mergingAssigner !== undefined ? MERGING_WINDOW_SET : OPEN_PROCESSING_TIME_WINDOWS;
    for (const key of this.backend.getKeys(stateName, VOID_NAMESPACE)) {
      this.backend.setCurrentKey(key);
      if (this.mergingAssigner !== undefined) {
        for (const { window, stateWindow } of this.loadMergingWindowSet().windows())
          open.push({ key, window, stateWindow });
      } else {
        for (const [start, end] of this.openProcessingTimeWindows!.values()) {
          const window = new TimeWindow(start, end);
          open.push({ key, window, stateWindow: window });
        }
      }
    }
    // In the order the clock would have closed them.
    open.sort((a, b) => a.window.end - b.window.end);
    for (const { key, window, stateWindow } of open) {
      this.backend.setCurrentKey(key);
      const windowSet = this.mergingAssigner !== undefined ? this.loadMergingWindowSet() : undefined;
      this.contents.setCurrentNamespace(this.namespaceOf(stateWindow));
      this.emitWindowContents(window);
      this.deleteCleanupTimer(window);
      this.clearAllState(window, windowSet, true);
      windowSet?.persist();
    }
  }

  override close(): void {
    const fn = this.spec.windowFunction;
    if (this.processFunction !== undefined) closeUserFunction(this.processFunction);
    if (fn.kind === 'reduce') closeUserFunction(fn.reduce);
  }
}

/** The keyed state backend and timer services a window operator runs on, which it cannot do without. */
export function keyedServicesOfWindow(ctx: OperatorContext): {
  backend: KeyedStateBackend;
  manager: InternalTimeServiceManager;
} {
  const backend = ctx.keyedStateBackend;
  const manager = ctx.timeServiceManager;
  if (backend === undefined || manager === undefined) {
    throw new RuntimeFailure(
      `The window operator '${ctx.operatorName}' was set up without a keyed state backend and timer service; ` +
        'window operators (windowAll too) always need both.',
    );
  }
  return { backend, manager };
}

function reduceAll(reduce: (a: unknown, b: unknown) => unknown, values: unknown[]): unknown[] {
  if (values.length === 0) return values;
  let result = values[0];
  for (let i = 1; i < values.length; i++) result = reduce(result, values[i]);
  return [result];
}

function aggregateAll(fn: AggregateFunction<unknown, unknown, unknown>, values: unknown[]): unknown[] {
  let accumulator = fn.createAccumulator();
  for (let i = 0; i < values.length; i++) accumulator = fn.add(values[i], accumulator);
  return [fn.getResult(accumulator)];
}

function isEmpty(elements: Iterable<unknown>): boolean {
  return Array.isArray(elements) ? elements.length === 0 : elements[Symbol.iterator]().next().done === true;
}
