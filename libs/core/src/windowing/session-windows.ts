import { RecordError } from '@weir/common';
import { EventTimeTrigger } from './event-time-trigger';
import { ProcessingTimeTrigger } from './processing-time-trigger';
import type { Trigger } from './trigger';
import { TimeWindow } from './window';
import { MergingWindowAssigner, type WindowAssignerContext } from './window-assigner';

/** How long a session stays open after an element: one gap for all, or one per element. */
export type SessionGap<T> = number | ((element: T) => number);

/**
 * What event-time and processing-time session windows share. Each element opens the window
 * `[time, time + gap)`; windows of a key that overlap (or touch) merge into one session, so a
 * session closes only after a gap with no elements.
 */
export abstract class SessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {
  // The static gap is kept apart from the extractor so that the common case calls no function.
  private readonly staticGap: number;
  private readonly gapExtractor: ((element: T) => number) | undefined;

  protected constructor(
    gap: SessionGap<T>,
    private readonly eventTime: boolean,
  ) {
    super();
    this.staticGap = typeof gap === 'number' ? gap : 0;
    this.gapExtractor = typeof gap === 'number' ? undefined : gap;
  }

  assignWindows(element: T, timestamp: number, ctx: WindowAssignerContext): readonly TimeWindow[] {
    const time = this.eventTime ? timestamp : ctx.getCurrentProcessingTime();
    if (!Number.isFinite(time)) {
      throw new RecordError(
        `${this.toString()} got a record without a timestamp (${time}). Give the stream event time with ` +
          'assignTimestampsAndWatermarks(...) or use ProcessingTimeSessionWindows.',
      );
    }
    const gap = this.gapExtractor === undefined ? this.staticGap : this.dynamicGap(element);
    return [new TimeWindow(time, time + gap)];
  }

  private dynamicGap(element: T): number {
    const gap = (this.gapExtractor as (element: T) => number)(element);
    if (!(gap > 0) || !Number.isFinite(gap)) {
      throw new RecordError(
        `The gap extractor of ${this.toString()} returned ${gap}; a session gap must be a number of ` +
          'milliseconds greater than 0.',
      );
    }
    return gap;
  }

  /** Sorts the windows by start and merges every run of overlapping (or touching) ones, as Flink does. */
  mergeWindows(
    windows: readonly TimeWindow[],
    merge: (toBeMerged: TimeWindow[], mergeResult: TimeWindow) => void,
  ): void {
    if (windows.length < 2) return;
    const sorted = windows.slice().sort((a, b) => a.start - b.start);
    let group: TimeWindow[] = [sorted[0]];
    let cover = sorted[0];
    for (let i = 1; i < sorted.length; i++) {
      const candidate = sorted[i];
      if (cover.intersects(candidate)) {
        group.push(candidate);
        cover = cover.cover(candidate);
      } else {
        if (group.length > 1) merge(group, cover);
        group = [candidate];
        cover = candidate;
      }
    }
    if (group.length > 1) merge(group, cover);
  }

  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return this.eventTime ? EventTimeTrigger.create() : ProcessingTimeTrigger.create();
  }

  isEventTime(): boolean {
    return this.eventTime;
  }

  override toString(): string {
    const gap = this.gapExtractor === undefined ? String(this.staticGap) : 'dynamic gap';
    return `${this.constructor.name}(${gap})`;
  }
}
