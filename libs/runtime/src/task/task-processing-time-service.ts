import type { ProcessingTimeService } from '@weir/state';

/**
 * The wall clock of one subtask. Timer callbacks are not run from the timer itself but put into the
 * subtask's mailbox, so they never interleave with the processing of a batch.
 */
export class TaskProcessingTimeService implements ProcessingTimeService {
  private readonly timers = new Set<NodeJS.Timeout>();
  private shutDown = false;

  constructor(private readonly enqueue: (action: () => void) => void) {}

  getCurrentProcessingTime(): number {
    return Date.now();
  }

  registerTimer(time: number, callback: (time: number) => void): () => void {
    if (this.shutDown) return () => {};
    const handle = setTimeout(
      () => {
        this.timers.delete(handle);
        this.enqueue(() => callback(time));
      },
      Math.max(0, time - Date.now()),
    );
    this.timers.add(handle);
    return () => {
      clearTimeout(handle);
      this.timers.delete(handle);
    };
  }

  shutdown(): void {
    this.shutDown = true;
    for (const handle of this.timers) clearTimeout(handle);
    this.timers.clear();
  }
}
