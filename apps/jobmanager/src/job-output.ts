/**
 * What a job's client-side sinks (collect, print) produce, on its way to the client that reads
 * `GET /jobs/:id/output`. The queue is bounded: a client that does not keep up fails the job
 * rather than the JobManager running out of memory. Without a client the output is dropped.
 */
import type { OutputFrame } from '@weir/cluster';

export class JobOutput {
  private readonly frames: OutputFrame[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private reading = false;

  constructor(
    private readonly collected: boolean,
    private readonly limit: number,
    private readonly onOverflow: () => void,
  ) {}

  push(frame: OutputFrame): void {
    if (this.ended || (!this.collected && frame.kind !== 'end')) return;
    this.frames.push(frame);
    if (frame.kind === 'end') this.ended = true;
    else if (this.frames.length > this.limit) {
      this.frames.length = 0;
      this.onOverflow();
    }
    this.wake?.();
  }

  /** The frames, to one reader, as they come; ends after the end frame. */
  async *read(): AsyncGenerator<OutputFrame> {
    if (this.reading) throw new Error("The job's output already has a reader.");
    this.reading = true;
    try {
      for (;;) {
        const frame = this.frames.shift();
        if (frame !== undefined) {
          yield frame;
          if (frame.kind === 'end') return;
          continue;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      this.reading = false;
    }
  }
}
