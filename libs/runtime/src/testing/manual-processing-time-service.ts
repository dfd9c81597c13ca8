import type { ProcessingTimeService } from '@weir/state';

interface ScheduledCallback {
  readonly time: number;
  readonly sequence: number;
  readonly callback: (time: number) => void;
}

/**
 * A ProcessingTimeService whose clock only moves when a test says so (Flink's
 * TestProcessingTimeService), so processing-time behaviour is deterministic. Callbacks run inside
 * `setCurrentTime`, never on their own.
 */
export class ManualProcessingTimeService implements ProcessingTimeService {
  private now: number;
  private pending: ScheduledCallback[] = [];
  private nextSequence = 0;

  constructor(startTime = 0) {
    this.now = startTime;
  }

  getCurrentProcessingTime(): number {
    return this.now;
  }

  registerTimer(time: number, callback: (time: number) => void): () => void {
    const scheduled: ScheduledCallback = { time, sequence: this.nextSequence++, callback };
    this.pending.push(scheduled);
    return () => {
      this.pending = this.pending.filter((p) => p !== scheduled);
    };
  }

  /**
   * Moves the clock to `time`, then runs every callback due by then in time order (registration
   * order for equal times), including those that the callbacks themselves register.
   */
  setCurrentTime(time: number): void {
    if (time < this.now) {
      throw new RangeError(`Processing time only moves forward: it is ${this.now}, not going back to ${time}.`);
    }
    this.now = time;
    for (;;) {
      let next: ScheduledCallback | undefined;
      for (const p of this.pending) {
        if (
          p.time <= time &&
          (next === undefined || p.time < next.time || (p.time === next.time && p.sequence < next.sequence))
        ) {
          next = p;
        }
      }
      if (next === undefined) return;
      const due = next;
      this.pending = this.pending.filter((p) => p !== due);
      due.callback(due.time);
    }
  }

  /** Callbacks registered and neither run nor cancelled yet. */
  numPendingCallbacks(): number {
    return this.pending.length;
  }
}
