import type { State } from '../state/state';
import type { StateDescriptor } from '../state/state-descriptor';
import type {
  ValueStateDescriptor,
  ListStateDescriptor,
  ReducingStateDescriptor,
  MapStateDescriptor,
  AggregatingStateDescriptor,
} from '../state/state-descriptor';
import type { ValueState, ListState, ReducingState, MapState, AggregatingState } from '../state/state';
import type { Window } from './window';

export type TriggerResult = 'CONTINUE' | 'FIRE' | 'PURGE' | 'FIRE_AND_PURGE';

export const TriggerResults = {
  isFire: (r: TriggerResult): boolean => r === 'FIRE' || r === 'FIRE_AND_PURGE',
  isPurge: (r: TriggerResult): boolean => r === 'PURGE' || r === 'FIRE_AND_PURGE',
} as const;

/** What a trigger may do: read the clocks, set timers, keep per-window state (scoped to key and window). */
export interface TriggerContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
  registerProcessingTimeTimer(time: number): void;
  registerEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  getPartitionedState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getPartitionedState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getPartitionedState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getPartitionedState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV>;
  getPartitionedState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
  getPartitionedState(descriptor: StateDescriptor): State;
}

export interface OnMergeContext extends TriggerContext {
  /** Merges the state of the merged windows into the result window (for merging-state triggers). */
  mergePartitionedState(
    descriptor: ReducingStateDescriptor<unknown> | AggregatingStateDescriptor<unknown, unknown, unknown>,
  ): void;
}

/** Decides when a window is evaluated (fired) and when its contents are dropped (purged). */
export abstract class Trigger<T, W extends Window> {
  abstract onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult;
  abstract onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  abstract onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  /** Drops whatever timers and state the trigger keeps for the window. */
  abstract clear(window: W, ctx: TriggerContext): void;
  canMerge(): boolean {
    return false;
  }
  onMerge(_window: W, _ctx: OnMergeContext): void {
    throw new TypeError(`${this.constructor.name} does not support merging windows (session windows).`);
  }
  toString(): string {
    return this.constructor.name;
  }
}
