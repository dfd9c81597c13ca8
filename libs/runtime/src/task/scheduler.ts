import { Deque } from '../network/deque';

/** Something with a mailbox that the scheduler lets run for a while. */
export interface Runnable {
  scheduled: boolean;
  /** Does work until `deadline` (performance.now()); returns true if it has more to do right away. */
  runStep(deadline: number): boolean;
}

/**
 * Runs the subtasks of one thread (DESIGN.md §3): each has its own mailbox and is stepped in turn,
 * so a subtask's state is only touched from its own steps. Between rounds it yields to the event
 * loop (setImmediate), so messages from other threads, credits and timers are handled promptly.
 */
export class Scheduler {
  private readonly ready = new Deque<Runnable>();
  private pending = false;

  constructor(private readonly sliceMs = 2) {}

  schedule(task: Runnable): void {
    if (task.scheduled) return;
    task.scheduled = true;
    this.ready.push(task);
    if (!this.pending) {
      this.pending = true;
      setImmediate(this.run);
    }
  }

  private readonly run = (): void => {
    this.pending = false;
    const roundEnd = performance.now() + 10 * this.sliceMs;
    let count = this.ready.length;
    while (count-- > 0) {
      const task = this.ready.shift()!;
      task.scheduled = false;
      const more = task.runStep(Math.min(roundEnd, performance.now() + this.sliceMs));
      if (more) this.schedule(task);
    }
  };
}
