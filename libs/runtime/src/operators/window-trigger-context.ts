import type {
  AggregatingState,
  AggregatingStateDescriptor,
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  OnMergeContext,
  ReducingState,
  ReducingStateDescriptor,
  State,
  StateDescriptor,
  ValueState,
  ValueStateDescriptor,
  Window,
} from '@weir/core';
import type {
  InternalAggregatingState,
  InternalKvState,
  InternalReducingState,
  InternalTimerService,
  KeyedStateBackend,
} from '@weir/state';

const NO_WINDOWS: readonly Window[] = [];

/**
 * What a Trigger sees of the WindowOperator: the clocks, timers of the current window, and state
 * scoped to the current key (set on the backend) and window. One instance per operator, pointed at
 * a window before each call, so triggers cost no allocation per record.
 */
export class WindowTriggerContext implements OnMergeContext {
  /** The window the trigger is called for. */
  window: Window = NO_WINDOWS[0];
  /** While merging: the windows merged into `window`. */
  mergedWindows: readonly Window[] = NO_WINDOWS;
  // Triggers ask for their state on every element: cached by descriptor to skip the backend's checks.
  private readonly states = new Map<StateDescriptor, InternalKvState>();

  constructor(
    private readonly backend: KeyedStateBackend,
    private readonly timers: InternalTimerService<Window>,
  ) {}

  getCurrentProcessingTime(): number {
    return this.timers.currentProcessingTime();
  }

  getCurrentWatermark(): number {
    return this.timers.currentWatermark();
  }

  registerProcessingTimeTimer(time: number): void {
    this.timers.registerProcessingTimeTimer(this.window, time);
  }

  registerEventTimeTimer(time: number): void {
    this.timers.registerEventTimeTimer(this.window, time);
  }

  deleteProcessingTimeTimer(time: number): void {
    this.timers.deleteProcessingTimeTimer(this.window, time);
  }

  deleteEventTimeTimer(time: number): void {
    this.timers.deleteEventTimeTimer(this.window, time);
  }

  getPartitionedState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getPartitionedState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getPartitionedState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getPartitionedState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV>;
  getPartitionedState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
  getPartitionedState(descriptor: StateDescriptor): State;
  getPartitionedState(descriptor: StateDescriptor): State {
    const state = this.stateOf(descriptor);
    state.setCurrentNamespace(this.window.namespaceKey());
    return state as unknown as State;
  }

  mergePartitionedState(
    descriptor: ReducingStateDescriptor<unknown> | AggregatingStateDescriptor<unknown, unknown, unknown>,
  ): void {
    if (this.mergedWindows.length === 0) return;
    const state = this.stateOf(descriptor) as
      InternalReducingState<unknown> | InternalAggregatingState<unknown, unknown, unknown>;
    state.mergeNamespaces(
      this.window.namespaceKey(),
      this.mergedWindows.map((w) => w.namespaceKey()),
    );
  }

  private stateOf(descriptor: StateDescriptor): InternalKvState {
    let state = this.states.get(descriptor);
    if (state === undefined) {
      state = this.backend.getState(descriptor);
      this.states.set(descriptor, state);
    }
    return state;
  }
}
