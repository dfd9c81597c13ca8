/**
 * A steady rate of permits for a throttled source reader, without a timer per record: the reader
 * takes what is free now, a batch at a time, and when nothing is free it sleeps until `nextPermitAt`
 * (the reader never busy-waits). Like Guava's SmoothBursty, which Flink's rate-limited sources use,
 * permits left unused while the reader was held back (back-pressure, a busy mailbox) are kept for at
 * most one second, so the average rate holds without a long catch-up burst.
 */
const MAX_STORED_MS = 1000;

export class RateLimiter {
  private readonly msPerPermit: number;
  /** When the next permit becomes free, on the `performance.now()` clock; NaN until first used. */
  private nextFreeAt = NaN;

  constructor(permitsPerSecond: number) {
    this.msPerPermit = 1000 / permitsPerSecond;
  }

  /** Takes up to `wanted` permits that are free at `now` and says how many it took (0: wait). */
  tryAcquire(wanted: number, now: number): number {
    let next = this.nextFreeAt;
    if (!(next >= now - MAX_STORED_MS)) next = Number.isNaN(next) ? now : now - MAX_STORED_MS;
    if (next > now) return 0;
    const free = Math.floor((now - next) / this.msPerPermit) + 1;
    const taken = free < wanted ? free : wanted;
    this.nextFreeAt = next + taken * this.msPerPermit;
    return taken;
  }

  /** When the next permit is free (after `tryAcquire` returned 0). */
  get nextPermitAt(): number {
    return this.nextFreeAt;
  }
}
