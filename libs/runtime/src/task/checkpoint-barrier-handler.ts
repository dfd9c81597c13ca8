import type { CheckpointBarrier } from '../network/channel-event';

/**
 * Barrier alignment of one subtask's input channels (DESIGN.md §6 step 3). Once barrier `n` has
 * come on a channel, that channel is blocked — what follows it belongs after the checkpoint — until
 * barrier `n` has come on every channel, or the channel has ended. Then the subtask snapshots and
 * the channels open again. A barrier of a newer checkpoint supersedes one still aligning (the older
 * one will be aborted by the coordinator); a barrier of an older one is stale and ignored.
 * In at-least-once mode nothing is blocked: the checkpoint is taken when the last barrier comes.
 */
export class CheckpointBarrierHandler {
  /** The checkpoint being aligned, 0 when none. */
  private aligning = 0;
  private barrier: CheckpointBarrier | undefined;
  private readonly received: boolean[];
  private lastTaken = 0;
  /** When the first barrier of the current alignment came (performance.now()). */
  private startedAt = 0;
  /** How long the last completed alignment took, in ms. */
  alignmentMs = 0;

  constructor(
    numberOfChannels: number,
    private readonly blocking: boolean,
    private readonly hasEnded: (channel: number) => boolean,
  ) {
    this.received = new Array<boolean>(numberOfChannels).fill(false);
  }

  /** The checkpoint being aligned, 0 when none: when it changes, blocked channels open. */
  get currentCheckpoint(): number {
    return this.aligning;
  }

  isBlocked(channel: number): boolean {
    return this.blocking && this.aligning !== 0 && this.received[channel];
  }

  /** A barrier came on `channel`: the barrier to snapshot at once this completes its alignment. */
  onBarrier(channel: number, barrier: CheckpointBarrier): CheckpointBarrier | undefined {
    const id = barrier.checkpointId;
    if (id <= this.lastTaken || id < this.aligning) return undefined;
    if (id > this.aligning) {
      this.received.fill(false);
      this.aligning = id;
      this.barrier = barrier;
      this.startedAt = performance.now();
    }
    this.received[channel] = true;
    return this.completed();
  }

  /** A channel ended: it will send no barrier, so it no longer holds an alignment up. */
  onEnd(): CheckpointBarrier | undefined {
    return this.aligning === 0 ? undefined : this.completed();
  }

  private completed(): CheckpointBarrier | undefined {
    for (let i = 0; i < this.received.length; i++) if (!this.received[i] && !this.hasEnded(i)) return undefined;
    const barrier = this.barrier!;
    this.alignmentMs = performance.now() - this.startedAt;
    this.lastTaken = this.aligning;
    this.aligning = 0;
    this.barrier = undefined;
    this.received.fill(false);
    return barrier;
  }
}
