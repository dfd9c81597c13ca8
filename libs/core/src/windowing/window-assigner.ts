import type { Trigger } from './trigger';
import type { Window } from './window';

export interface WindowAssignerContext {
  getCurrentProcessingTime(): number;
}

/** Puts each element into zero or more windows. */
export abstract class WindowAssigner<T, W extends Window> {
  abstract assignWindows(element: T, timestamp: number, ctx: WindowAssignerContext): readonly W[];
  abstract getDefaultTrigger(): Trigger<T, W>;
  abstract isEventTime(): boolean;
  toString(): string {
    return this.constructor.name;
  }
}

/** An assigner whose windows can merge as elements arrive (session windows). */
export abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {
  /** Calls `merge(toBeMerged, mergeResult)` for every group of windows that now form one. */
  abstract mergeWindows(windows: readonly W[], merge: (toBeMerged: W[], mergeResult: W) => void): void;
}
