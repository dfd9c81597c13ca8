/**
 * Everything that defines a window operator except its function: the assigner, the trigger, the
 * evictor, the allowed lateness and where late data goes. Immutable; each `with…` checks its value
 * against the rest (as Flink's WindowedStream does), so a combination that cannot work fails where
 * it is declared. Keyed and all-window streams and window joins all declare their operator from it.
 */
import {
  ContinuousEventTimeTrigger,
  EventTimeTrigger,
  GlobalWindows,
  MergingWindowAssigner,
  OutputTag,
  PurgingTrigger,
  type AnyKeySelector,
  type Evictor,
  type OperatorSpec,
  type Trigger,
  type Window,
  type WindowAssigner,
  type WindowFunctionSpec,
} from '@weir/core';
import { declarationError } from './declaration-site';
import { describeValue } from './user-functions';

export class WindowSpec<T, W extends Window> {
  private constructor(
    readonly assigner: WindowAssigner<T, W>,
    readonly trigger: Trigger<T, W>,
    readonly evictor: Evictor<T, W> | undefined,
    readonly allowedLatenessMs: number,
    readonly lateDataTag: OutputTag<T> | undefined,
  ) {}

  /** The assigner with its default trigger, no evictor and no allowed lateness. */
  static of<T, W extends Window>(assigner: WindowAssigner<T, W>, call: string): WindowSpec<T, W> {
    const a = assigner as Partial<WindowAssigner<T, W>> | null | undefined;
    if (
      typeof a !== 'object' ||
      a === null ||
      typeof a.assignWindows !== 'function' ||
      typeof a.getDefaultTrigger !== 'function' ||
      typeof a.isEventTime !== 'function'
    ) {
      throw declarationError(
        call,
        'expects a window assigner such as TumblingEventTimeWindows.of(Time.seconds(10)), ' +
          `EventTimeSessionWindows.withGap(...) or GlobalWindows.create(), not ${describeValue(assigner)}.`,
      );
    }
    return new WindowSpec(assigner, assigner.getDefaultTrigger(), undefined, 0, undefined);
  }

  withTrigger(trigger: Trigger<T, W>): WindowSpec<T, W> {
    const t = trigger as Partial<Trigger<T, W>> | null | undefined;
    if (typeof t !== 'object' || t === null || typeof t.onElement !== 'function' || typeof t.canMerge !== 'function') {
      throw declarationError(
        'trigger()',
        `expects a Trigger such as CountTrigger.of(100) or PurgingTrigger.of(...), not ${describeValue(trigger)}.`,
      );
    }
    const assigner = this.assigner;
    if (assigner instanceof MergingWindowAssigner && !trigger.canMerge()) {
      throw declarationError(
        'trigger()',
        `${className(assigner)} merges windows (session windows), but ${className(trigger)} cannot merge its ` +
          'state when they do; use a trigger whose canMerge() is true, such as EventTimeTrigger, ' +
          'ProcessingTimeTrigger or CountTrigger.',
      );
    }
    if (!assigner.isEventTime() && !(assigner instanceof GlobalWindows) && firesOnlyOnEventTime(trigger)) {
      throw declarationError(
        'trigger()',
        `${className(trigger)} fires on event time (the watermark), but ${className(assigner)} makes windows of ` +
          'processing time, whose ends the watermark never meaningfully reaches; use ProcessingTimeTrigger (or ' +
          'ContinuousProcessingTimeTrigger), or an event-time assigner.',
      );
    }
    return new WindowSpec(assigner, trigger, this.evictor, this.allowedLatenessMs, this.lateDataTag);
  }

  withEvictor(evictor: Evictor<T, W>): WindowSpec<T, W> {
    const e = evictor as Partial<Evictor<T, W>> | null | undefined;
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.evictBefore !== 'function' ||
      typeof e.evictAfter !== 'function'
    ) {
      throw declarationError(
        'evictor()',
        `expects an Evictor such as CountEvictor.of(10) or TimeEvictor.of(ms), not ${describeValue(evictor)}.`,
      );
    }
    return new WindowSpec(this.assigner, this.trigger, evictor, this.allowedLatenessMs, this.lateDataTag);
  }

  /**
   * How long after the watermark passes a window's end its late elements still update it. As in
   * Flink, only event-time windows have lateness; for others it is ignored.
   */
  withAllowedLateness(latenessMs: number): WindowSpec<T, W> {
    if (!Number.isSafeInteger(latenessMs) || latenessMs < 0) {
      throw declarationError(
        'allowedLateness()',
        `the allowed lateness must be a whole number of milliseconds, 0 or more, not ${String(latenessMs)}.`,
      );
    }
    const lateness = this.assigner.isEventTime() ? latenessMs : 0;
    return new WindowSpec(this.assigner, this.trigger, this.evictor, lateness, this.lateDataTag);
  }

  withLateDataTag(tag: OutputTag<T>): WindowSpec<T, W> {
    if (!(tag instanceof OutputTag)) {
      throw declarationError(
        'sideOutputLateData()',
        `expects an OutputTag, such as new OutputTag<Click>('late'), not ${describeValue(tag)}.`,
      );
    }
    return new WindowSpec(this.assigner, this.trigger, this.evictor, this.allowedLatenessMs, tag);
  }

  /** Flink's naming: "Window(TumblingEventTimeWindows, EventTimeTrigger, reduce)". */
  operatorName(functionName: string): string {
    const evictor = this.evictor === undefined ? '' : `${className(this.evictor)}, `;
    return `Window(${className(this.assigner)}, ${className(this.trigger)}, ${evictor}${functionName})`;
  }

  /** The window operator; `keySelector` is undefined for windowAll. */
  toOperator(keySelector: AnyKeySelector | undefined, windowFunction: WindowFunctionSpec): OperatorSpec {
    return {
      kind: 'window',
      keySelector,
      assigner: this.assigner as WindowAssigner<unknown, Window>,
      trigger: this.trigger as Trigger<unknown, Window>,
      evictor: this.evictor as Evictor<unknown, Window> | undefined,
      allowedLatenessMs: this.allowedLatenessMs,
      lateDataTag: this.lateDataTag?.id,
      windowFunction,
    };
  }
}

/** Triggers that can only fire when the watermark passes a time. */
function firesOnlyOnEventTime(trigger: Trigger<unknown, Window>): boolean {
  if (trigger instanceof PurgingTrigger) return firesOnlyOnEventTime(trigger.nestedTrigger);
  return trigger instanceof EventTimeTrigger || trigger instanceof ContinuousEventTimeTrigger;
}

function className(value: object): string {
  return value.constructor?.name ?? 'Object';
}
