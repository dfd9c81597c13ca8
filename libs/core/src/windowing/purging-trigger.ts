import type { OnMergeContext, TriggerContext, TriggerResult } from './trigger';
import { Trigger } from './trigger';
import type { Window } from './window';

/**
 * Wraps a trigger so that every firing also purges the window's contents: each evaluation then sees
 * only the elements that arrived since the last one (e.g. `PurgingTrigger.of(CountTrigger.of(100))`).
 */
export class PurgingTrigger<T, W extends Window> extends Trigger<T, W> {
  static of<T, W extends Window>(nestedTrigger: Trigger<T, W>): PurgingTrigger<T, W> {
    return new PurgingTrigger(nestedTrigger);
  }

  private constructor(readonly nestedTrigger: Trigger<T, W>) {
    super();
  }

  onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nestedTrigger.onElement(element, timestamp, window, ctx));
  }

  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nestedTrigger.onEventTime(time, window, ctx));
  }

  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nestedTrigger.onProcessingTime(time, window, ctx));
  }

  clear(window: W, ctx: TriggerContext): void {
    this.nestedTrigger.clear(window, ctx);
  }

  override canMerge(): boolean {
    return this.nestedTrigger.canMerge();
  }

  override onMerge(window: W, ctx: OnMergeContext): void {
    this.nestedTrigger.onMerge(window, ctx);
  }

  override toString(): string {
    return `PurgingTrigger(${this.nestedTrigger.toString()})`;
  }
}

function purging(result: TriggerResult): TriggerResult {
  return result === 'FIRE' ? 'FIRE_AND_PURGE' : result;
}
