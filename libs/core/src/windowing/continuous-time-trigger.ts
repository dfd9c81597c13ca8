import { ReducingStateDescriptor } from '../state/state-descriptor';
import type { ReducingState } from '../state/state';
import type { OnMergeContext, TriggerContext, TriggerResult } from './trigger';
import { Trigger } from './trigger';
import { checkPositiveDuration } from './window-arguments';
import { TimeWindow, type Window } from './window';

const min = (a: number, b: number): number => Math.min(a, b);

/**
 * What ContinuousEventTimeTrigger and ContinuousProcessingTimeTrigger share: a window fires every
 * `intervalMs` (aligned to multiples of the interval) until its end. The next firing time is kept per
 * key and window in a min-ReducingState, so when session windows merge the earliest one survives.
 * Subclasses say which clock the timers run on.
 */
export abstract class ContinuousTimeTrigger extends Trigger<unknown, Window> {
  protected readonly fireTimeDescriptor = new ReducingStateDescriptor<number>('fire-time', min);
  readonly intervalMs: number;

  protected constructor(intervalMs: number, where: string) {
    super();
    this.intervalMs = checkPositiveDuration(intervalMs, where, 'the interval');
  }

  protected abstract registerTimer(ctx: TriggerContext, time: number): void;
  protected abstract deleteTimer(ctx: TriggerContext, time: number): void;

  /** Schedules the first firing of a window, at the end of the interval `time` falls into. */
  protected scheduleFirstFiring(time: number, window: Window, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(this.fireTimeDescriptor);
    if (fireTime.get() !== undefined) return;
    // Floored even for negative times (Flink's `time - time % interval` rounds those up).
    this.scheduleNextFiring(TimeWindow.getWindowStartWithOffset(time, 0, this.intervalMs), window, ctx, fireTime);
  }

  /** FIRE when `time` is the scheduled firing, scheduling the one after it. */
  protected fireIfScheduled(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    const fireTime = ctx.getPartitionedState(this.fireTimeDescriptor);
    if (fireTime.get() !== time) return 'CONTINUE';
    fireTime.clear();
    this.scheduleNextFiring(time, window, ctx, fireTime);
    return 'FIRE';
  }

  private scheduleNextFiring(time: number, window: Window, ctx: TriggerContext, fireTime: ReducingState<number>): void {
    const next = Math.min(time + this.intervalMs, window.maxTimestamp());
    fireTime.add(next);
    this.registerTimer(ctx, next);
  }

  clear(_window: Window, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(this.fireTimeDescriptor);
    const time = fireTime.get();
    if (time === undefined) return;
    this.deleteTimer(ctx, time);
    fireTime.clear();
  }

  override canMerge(): boolean {
    return true;
  }

  override onMerge(_window: Window, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.fireTimeDescriptor as ReducingStateDescriptor<unknown>);
    const next = ctx.getPartitionedState(this.fireTimeDescriptor).get();
    if (next !== undefined) this.registerTimer(ctx, next);
  }

  override toString(): string {
    return `${this.constructor.name}(${this.intervalMs})`;
  }
}
