/**
 * Samples the process's resident set size on a timer and keeps the peak: worker threads are part of
 * the process, so this is the memory of the whole embedded job.
 */
export class RssSampler {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    return rss;
  }

  /** Stops sampling and returns the peak, including one last sample. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}
