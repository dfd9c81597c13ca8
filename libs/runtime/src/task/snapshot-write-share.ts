/**
 * How a subtask that writes a snapshot while input waits splits its time between the two. A step
 * cannot split it by its deadline alone: the writer encodes at least one part and the input at
 * least one batch per step, and a part of a large state (cold entries, a busy heap) easily takes
 * longer than the whole step, so the two ended up taking turns, half and half, whatever share was
 * meant. Instead processing earns time by writing, `(1 - share) / share` of what the writer
 * spent, and a step processes only while it has some; a batch that overruns is paid back by the
 * next steps, which only write.
 */
export class SnapshotWriteShare {
  private creditMs = 0;

  constructor(
    /** The writer's part of the subtask's time while input waits, above 0 and below 1. */
    readonly share: number,
    /** The most processing time that writing can bank, so a long write is not followed by a long stop. */
    private readonly maxCreditMs: number,
  ) {
    if (!(share > 0 && share < 1)) throw new RangeError(`A snapshot write share is above 0 and below 1, not ${share}.`);
  }

  /** The writer spent `ms` while input waited. */
  wrote(ms: number): void {
    this.creditMs = Math.min(this.creditMs + (ms * (1 - this.share)) / this.share, this.maxCreditMs);
  }

  /** Processing spent `ms` while a snapshot was being written. */
  processed(ms: number): void {
    this.creditMs -= ms;
  }

  /** Whether input may be processed now, with a snapshot being written. */
  get mayProcess(): boolean {
    return this.creditMs > 0;
  }

  /** No snapshot is being written: the next one starts from nothing owed either way. */
  reset(): void {
    this.creditMs = 0;
  }
}
