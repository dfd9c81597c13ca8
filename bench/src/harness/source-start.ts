/*
 * When a benchmark job's source began to emit what is measured, told across threads: the source's
 * subtasks run on worker threads, the measurement on the main one, and a BroadcastChannel reaches
 * every thread of the process. Throughput is then timed from that record on, without the start-up of
 * worker threads and bundles (and without a warm-up, when the job has one), which says nothing about
 * how fast Weir processes records.
 */
import { wallClockMs } from './wall-clock';

const CHANNEL = 'weir-bench-source-start';

/** Called by a source's generator on its first measured record (once per thread). */
export function announceSourceStart(): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(wallClockMs());
  channel.close();
}

/** Hears the announcements; `onFirst` runs when the earliest arrives. */
export class SourceStartListener {
  private earliest = NaN;
  private readonly channel = new BroadcastChannel(CHANNEL);

  constructor(onFirst: () => void) {
    this.channel.onmessage = (message) => {
      const at = (message as { data: number }).data;
      if (Number.isNaN(this.earliest)) onFirst();
      if (!(at >= this.earliest)) this.earliest = at;
    };
  }

  /** The wall-clock time the first source began (ms), NaN if none announced. */
  get startedAt(): number {
    return this.earliest;
  }

  close(): void {
    this.channel.close();
  }
}
