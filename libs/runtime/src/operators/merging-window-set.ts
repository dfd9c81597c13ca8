import { JobDefinitionError, RuntimeFailure } from '@weir/common';
import { TimeWindow, type MergingWindowAssigner, type ValueState, type Window } from '@weir/core';

/** What the WindowOperator does when windows merge: merge their trigger state, timers and contents. */
export interface WindowMerger {
  /**
   * `mergedWindows` (in-flight windows, not the new one) now form `mergeResult`, whose contents live
   * in the namespace of `stateWindowResult`; the contents of `mergedStateWindows` move there.
   */
  mergeWindows(
    mergeResult: TimeWindow,
    mergedWindows: readonly TimeWindow[],
    stateWindowResult: TimeWindow,
    mergedStateWindows: readonly TimeWindow[],
  ): void;
}

/** By shape, not instanceof: a job bundle may carry its own copy of @weir/core. */
export function isTimeWindow(window: Window): window is TimeWindow {
  return typeof (window as TimeWindow).start === 'number' && typeof (window as TimeWindow).end === 'number';
}

interface InFlightWindow {
  readonly window: TimeWindow;
  /** The window whose namespace holds the contents: kept across merges so state is moved as little as possible. */
  readonly stateWindow: TimeWindow;
}

/**
 * The in-flight merging (session) windows of one key, as Flink's MergingWindowSet: each window maps
 * to the window whose namespace holds its contents. When windows merge, the result keeps the state
 * window of one of them, so only the other windows' contents move.
 *
 * The set is keyed state (so it is checkpointed and rescaled with the key): a ValueState holding
 * plain numbers, `[start, end, stateStart, stateEnd, …]`, which any snapshot format keeps as it is.
 * The WindowOperator loads it per record or timer and persists it when it changed.
 */
export class MergingWindowSet {
  private readonly inFlight = new Map<string, InFlightWindow>();
  private changed = false;

  constructor(
    private readonly assigner: MergingWindowAssigner<unknown, TimeWindow>,
    private readonly state: ValueState<number[]>,
  ) {
    const stored = state.value();
    if (stored === undefined) return;
    for (let i = 0; i < stored.length; i += 4) {
      const window = new TimeWindow(stored[i], stored[i + 1]);
      const stateWindow =
        stored[i + 2] === window.start && stored[i + 3] === window.end
          ? window
          : new TimeWindow(stored[i + 2], stored[i + 3]);
      this.inFlight.set(window.namespaceKey(), { window, stateWindow });
    }
  }

  /** The window whose namespace holds the contents of `window`; undefined if it is not in flight. */
  getStateWindow(window: TimeWindow): TimeWindow | undefined {
    return this.inFlight.get(window.namespaceKey())?.stateWindow;
  }

  /** The in-flight windows with their state windows. */
  windows(): Iterable<InFlightWindow> {
    return this.inFlight.values();
  }

  /** Removes a window that was purged for good (cleaned up, or late on arrival). */
  retireWindow(window: TimeWindow): void {
    if (!this.inFlight.delete(window.namespaceKey())) {
      throw new RuntimeFailure(`The window ${window} is not in the merging window set of the current key.`);
    }
    this.changed = true;
  }

  /**
   * Adds a new window, merging it (and any windows it bridges) with the in-flight windows. Returns
   * the window the new one ended up in: itself, or the result of a merge.
   */
  addWindow(newWindow: TimeWindow, merger: WindowMerger): TimeWindow {
    if (!isTimeWindow(newWindow)) {
      throw new JobDefinitionError(
        `${this.assigner.toString()} assigned ${String(newWindow)}; merging window assigners must assign TimeWindows.`,
      );
    }
    const candidates: TimeWindow[] = [];
    for (const entry of this.inFlight.values()) candidates.push(entry.window);
    candidates.push(newWindow);
    const merges: { result: TimeWindow; merged: TimeWindow[] }[] = [];
    this.assigner.mergeWindows(candidates, (merged, result) => merges.push({ result, merged }));

    let resultWindow = newWindow;
    let mergedNewWindow = false;
    for (const { result, merged } of merges) {
      const index = merged.indexOf(newWindow);
      if (index >= 0) {
        merged.splice(index, 1);
        mergedNewWindow = true;
        resultWindow = result;
      }
      // The result keeps the state window of one of the windows it absorbs; the others' move into it.
      const stateWindowResult = this.inFlight.get(merged[0].namespaceKey())!.stateWindow;
      const mergedStateWindows: TimeWindow[] = [];
      for (const window of merged) {
        const key = window.namespaceKey();
        const entry = this.inFlight.get(key);
        if (entry === undefined) continue;
        this.inFlight.delete(key);
        if (entry.stateWindow !== stateWindowResult) mergedStateWindows.push(entry.stateWindow);
      }
      this.inFlight.set(result.namespaceKey(), { window: result, stateWindow: stateWindowResult });
      this.changed = true;
      // A new window that falls inside one in-flight window changes nothing: there is nothing to merge.
      if (!(merged.length === 1 && merged[0].equals(result))) {
        merger.mergeWindows(result, merged, stateWindowResult, mergedStateWindows);
      }
    }
    if (!mergedNewWindow) {
      this.inFlight.set(newWindow.namespaceKey(), { window: newWindow, stateWindow: newWindow });
      this.changed = true;
    }
    return resultWindow;
  }

  /** Writes the set back to its state if it changed since it was loaded. */
  persist(): void {
    if (!this.changed) return;
    this.changed = false;
    if (this.inFlight.size === 0) {
      this.state.clear();
      return;
    }
    const stored: number[] = [];
    for (const { window, stateWindow } of this.inFlight.values()) {
      stored.push(window.start, window.end, stateWindow.start, stateWindow.end);
    }
    this.state.update(stored);
  }
}
