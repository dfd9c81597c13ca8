import type { HeapTimer } from './heap-timer';

/**
 * The timers of one timestamp that wait behind its first, in registration order. Removed timers
 * leave holes, which are skipped, and squeezed out once they are as many as the waiting timers.
 */
export class TimerFifo<N> {
  private timers: (HeapTimer<N> | undefined)[] = [];
  private head = 0;
  private holes = 0;

  get size(): number {
    return this.timers.length - this.head - this.holes;
  }

  push(timer: HeapTimer<N>): void {
    timer.laterIndex = this.timers.length;
    this.timers.push(timer);
  }

  /** Takes out the earliest registered timer. */
  shift(): HeapTimer<N> | undefined {
    const timers = this.timers;
    while (this.head < timers.length) {
      const timer = timers[this.head];
      timers[this.head++] = undefined;
      if (timer === undefined) {
        this.holes--;
        continue;
      }
      timer.laterIndex = -1;
      return timer;
    }
    return undefined;
  }

  /** Takes out a timer that waits here. */
  remove(timer: HeapTimer<N>): void {
    this.timers[timer.laterIndex] = undefined;
    timer.laterIndex = -1;
    this.holes++;
    if (this.holes > 16 && this.holes > this.size) this.squeeze();
  }

  private squeeze(): void {
    const kept: HeapTimer<N>[] = [];
    for (let i = this.head; i < this.timers.length; i++) {
      const timer = this.timers[i];
      if (timer === undefined) continue;
      timer.laterIndex = kept.length;
      kept.push(timer);
    }
    this.timers = kept;
    this.head = 0;
    this.holes = 0;
  }
}
