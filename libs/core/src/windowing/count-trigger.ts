import { ReducingStateDescriptor } from '../state/state-descriptor';
import type { OnMergeContext, TriggerContext, TriggerResult } from './trigger';
import { Trigger } from './trigger';
import { checkCount } from './window-arguments';
import type { Window } from './window';

const sum = (a: number, b: number): number => a + b;

/**
 * Fires a window every `maxCount` elements. The count is kept per key and window in a
 * ReducingState, so it is checkpointed with the window and merges when session windows merge.
 */
export class CountTrigger extends Trigger<unknown, Window> {
  private readonly countDescriptor = new ReducingStateDescriptor<number>('count', sum);

  static of(maxCount: number): CountTrigger {
    return new CountTrigger(checkCount(maxCount, 'CountTrigger.of', 1));
  }

  private constructor(readonly maxCount: number) {
    super();
  }

  onElement(_element: unknown, _timestamp: number, _window: Window, ctx: TriggerContext): TriggerResult {
    const count = ctx.getPartitionedState(this.countDescriptor);
    count.add(1);
    if ((count.get() as number) < this.maxCount) return 'CONTINUE';
    count.clear();
    return 'FIRE';
  }

  onEventTime(_time: number, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  onProcessingTime(_time: number, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  clear(_window: Window, ctx: TriggerContext): void {
    ctx.getPartitionedState(this.countDescriptor).clear();
  }

  override canMerge(): boolean {
    return true;
  }

  override onMerge(_window: Window, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.countDescriptor as ReducingStateDescriptor<unknown>);
  }

  override toString(): string {
    return `CountTrigger(${this.maxCount})`;
  }
}
