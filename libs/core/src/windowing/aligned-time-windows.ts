import { RecordError } from '@weir/common';
import { EventTimeTrigger } from './event-time-trigger';
import { ProcessingTimeTrigger } from './processing-time-trigger';
import type { Trigger } from './trigger';
import { TimeWindow } from './window';
import { WindowAssigner, type WindowAssignerContext } from './window-assigner';

/**
 * What tumbling and sliding windows share: windows of a fixed `size` that start every `slide`
 * milliseconds, aligned to the epoch shifted by `offset` (tumbling is `slide === size`), in event or
 * processing time.
 *
 * assignWindows runs once per record, so it answers from a cache: the set of windows that contain a
 * timestamp only changes where some window starts or ends, so the previous answer (the same array of
 * the same TimeWindow objects, with their cached namespace keys) is returned for as long as timestamps
 * stay inside that stretch. In-order streams thus allocate nothing per record.
 */
export abstract class AlignedTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  private cachedFrom = Number.POSITIVE_INFINITY;
  private cachedUntil = Number.NEGATIVE_INFINITY;
  private cachedWindows: readonly TimeWindow[] = [];

  protected constructor(
    readonly size: number,
    readonly slide: number,
    readonly offset: number,
    private readonly eventTime: boolean,
  ) {
    super();
  }

  assignWindows(_element: unknown, timestamp: number, ctx: WindowAssignerContext): readonly TimeWindow[] {
    const time = this.eventTime ? timestamp : ctx.getCurrentProcessingTime();
    if (time >= this.cachedFrom && time < this.cachedUntil) return this.cachedWindows;
    return this.computeWindows(time);
  }

  private computeWindows(time: number): readonly TimeWindow[] {
    if (!Number.isFinite(time)) {
      throw new RecordError(
        `${this.toString()} got a record without a timestamp (${time}). Give the stream event time with ` +
          'assignTimestampsAndWatermarks(...) or fromSource(source, watermarkStrategy, name), or use a ' +
          'processing-time window.',
      );
    }
    const { size, slide } = this;
    const lastStart = TimeWindow.getWindowStartWithOffset(time, this.offset, slide);
    const windows: TimeWindow[] = [];
    let start = lastStart;
    for (; start > time - size; start -= slide) windows.push(new TimeWindow(start, start + size));
    // `start` is now the first start whose window ended at or before `time`: the set stays the same
    // from that window's end (or the latest start) until the next start or the earliest window's end.
    this.cachedFrom = Math.max(lastStart, start + size);
    this.cachedUntil = Math.min(lastStart + slide, start + slide + size);
    this.cachedWindows = windows;
    return windows;
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return this.eventTime ? EventTimeTrigger.create() : ProcessingTimeTrigger.create();
  }

  isEventTime(): boolean {
    return this.eventTime;
  }
}
