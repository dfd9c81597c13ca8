import { ContinuousTimeTrigger } from './continuous-time-trigger';
import type { OnMergeContext, TriggerContext, TriggerResult } from './trigger';
import type { Window } from './window';

/**
 * Fires a window every `intervalMs` of event time (as the watermark passes each multiple of the
 * interval) and once more at its end, e.g. for early results of a long window.
 */
export class ContinuousEventTimeTrigger extends ContinuousTimeTrigger {
  static of(intervalMs: number): ContinuousEventTimeTrigger {
    return new ContinuousEventTimeTrigger(intervalMs);
  }

  private constructor(intervalMs: number) {
    super(intervalMs, 'ContinuousEventTimeTrigger.of');
  }

  onElement(_element: unknown, timestamp: number, window: Window, ctx: TriggerContext): TriggerResult {
    const maxTimestamp = window.maxTimestamp();
    if (maxTimestamp <= ctx.getCurrentWatermark()) return 'FIRE';
    ctx.registerEventTimeTimer(maxTimestamp);
    this.scheduleFirstFiring(timestamp, window, ctx);
    return 'CONTINUE';
  }

  onEventTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return 'FIRE';
    return this.fireIfScheduled(time, window, ctx);
  }

  onProcessingTime(_time: number, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  protected registerTimer(ctx: TriggerContext, time: number): void {
    ctx.registerEventTimeTimer(time);
  }

  protected deleteTimer(ctx: TriggerContext, time: number): void {
    ctx.deleteEventTimeTimer(time);
  }

  override onMerge(window: Window, ctx: OnMergeContext): void {
    // As in onElement: once the watermark is past the merged window's end, a timer would fire it twice.
    const maxTimestamp = window.maxTimestamp();
    if (maxTimestamp > ctx.getCurrentWatermark()) ctx.registerEventTimeTimer(maxTimestamp);
    super.onMerge(window, ctx);
  }
}
