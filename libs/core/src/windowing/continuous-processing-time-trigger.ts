import { ContinuousTimeTrigger } from './continuous-time-trigger';
import type { TriggerContext, TriggerResult } from './trigger';
import type { Window } from './window';

/** Fires a window every `intervalMs` of wall-clock time, the last time at its end. */
export class ContinuousProcessingTimeTrigger extends ContinuousTimeTrigger {
  static of(intervalMs: number): ContinuousProcessingTimeTrigger {
    return new ContinuousProcessingTimeTrigger(intervalMs);
  }

  private constructor(intervalMs: number) {
    super(intervalMs, 'ContinuousProcessingTimeTrigger.of');
  }

  onElement(_element: unknown, _timestamp: number, window: Window, ctx: TriggerContext): TriggerResult {
    this.scheduleFirstFiring(ctx.getCurrentProcessingTime(), window, ctx);
    return 'CONTINUE';
  }

  onEventTime(_time: number, _window: Window, _ctx: TriggerContext): TriggerResult {
    return 'CONTINUE';
  }

  onProcessingTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    return this.fireIfScheduled(time, window, ctx);
  }

  protected registerTimer(ctx: TriggerContext, time: number): void {
    ctx.registerProcessingTimeTimer(time);
  }

  protected deleteTimer(ctx: TriggerContext, time: number): void {
    ctx.deleteProcessingTimeTimer(time);
  }
}
