import type { OnMergeContext, TriggerContext, TriggerResult } from './trigger';
import { Trigger } from './trigger';
import type { Window } from './window';

/**
 * Fires a window once the watermark passes its end (`maxTimestamp()`, i.e. `end − 1`): the default
 * trigger of every event-time assigner. An element that arrives after that (within the allowed
 * lateness) fires the window again at once, which is how late firings update a result.
 */
export class EventTimeTrigger extends Trigger<unknown, Window> {
  private static readonly INSTANCE = new EventTimeTrigger();

  /** Stateless, so one instance serves every window. */
  static create(): EventTimeTrigger {
    return EventTimeTrigger.INSTANCE;
  }

  private constructor() {
    super();
  }

  onElement(_element: unknown, _timestamp: number, window: Window, ctx: TriggerContext): TriggerResult {
    const maxTimestamp = window.maxTimestamp();
    if (maxTimestamp <= ctx.getCurrentWatermark()) return 'FIRE';
    ctx.registerEventTimeTimer(maxTimestamp);
    return 'CONTINUE';
  }

  onEventTime(time: number, window: Window, _ctx: TriggerContext): TriggerResult {
    return time === window.maxTimestamp() ? 'FIRE' : 'CONTINUE';
  }

  onProcessingTime(_time: number, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  clear(window: Window, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
  }

  override canMerge(): boolean {
    return true;
  }

  override onMerge(window: Window, ctx: OnMergeContext): void {
    // A merged window whose end the watermark already passed fires through the late-element path,
    // not through a timer that would go off at once.
    const maxTimestamp = window.maxTimestamp();
    if (maxTimestamp > ctx.getCurrentWatermark()) ctx.registerEventTimeTimer(maxTimestamp);
  }
}
