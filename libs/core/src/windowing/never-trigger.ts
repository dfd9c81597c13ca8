import type { OnMergeContext, TriggerContext, TriggerResult } from './trigger';
import { Trigger } from './trigger';
import type { Window } from './window';

/**
 * Never fires: the default trigger of `GlobalWindows`, whose one window has no end. A global window
 * is evaluated only through a trigger the user sets (e.g. `CountTrigger`).
 */
export class NeverTrigger extends Trigger<unknown, Window> {
  private static readonly INSTANCE = new NeverTrigger();

  static create(): NeverTrigger {
    return NeverTrigger.INSTANCE;
  }

  private constructor() {
    super();
  }

  onElement(_element: unknown, _timestamp: number, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  onEventTime(_time: number, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  onProcessingTime(_time: number, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  clear(_window: Window, _ctx: TriggerContext): void {}

  override canMerge(): boolean {
    return true;
  }

  override onMerge(_window: Window, _ctx: OnMergeContext): void {}
}
