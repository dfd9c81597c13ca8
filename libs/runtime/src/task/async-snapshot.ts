import type { KeyedStateWriter } from '../checkpoint/keyed-state-writer';
import type { OperatorSnapshot, OperatorStateSnapshot, SubtaskSnapshot } from '../checkpoint/operator-snapshot';
import type { SnapshotArena } from '../checkpoint/snapshot-arena';
import { FrameWriter } from '../checkpoint/state-codec';
import type { ChannelStateRecorder } from './channel-state-recorder';

/** One operator of the chain in a snapshot: its keyed state writer, if keyed. */
export interface SnapshotOperator {
  readonly uid: string;
  readonly keyed: KeyedStateWriter | undefined;
}

/** How far an AsyncSnapshot got in a step. */
export type SnapshotProgress = 'more' | 'waiting' | 'done';

/**
 * The asynchronous part of one subtask's checkpoint (Flink's AsyncCheckpointRunnable), everything
 * the barrier left to do: encode the keyed state views (KeyedStateWriter), wait for the operators'
 * own snapshots (a sink pre-commits asynchronously) and, for an unaligned checkpoint, for the rest
 * of the in-flight data (ChannelStateRecorder), and copy it all into the one frame the subtask
 * acknowledges with. It runs in the subtask's own steps, a slice at a time, between its
 * batches (see StreamTask), so it reads state only from the subtask's thread and its turns.
 */
export class AsyncSnapshot {
  private operatorStates: readonly (OperatorStateSnapshot | undefined)[] | undefined;
  private frame: FrameWriter | undefined;
  private operators: readonly SnapshotOperator[];

  constructor(
    readonly checkpointId: number,
    operators: readonly SnapshotOperator[],
    /** Settles with each operator's own snapshot, in chain order. */
    readonly operatorsTaken: Promise<readonly (OperatorStateSnapshot | undefined)[]>,
    /** An unaligned checkpoint's in-flight data, complete once every input's barrier came. */
    readonly channels: ChannelStateRecorder | undefined,
    /** Where the keyed state writers encode their parts, until the frame holds them. */
    private arena: SnapshotArena | undefined,
    /** The subtask's final snapshot, after its end of input (see SubtaskSnapshot.finished). */
    private readonly finished = false,
  ) {
    this.operators = operators;
    operatorsTaken.then(
      (states) => (this.operatorStates = states),
      () => {},
    );
  }

  /** The frame to acknowledge with, once `step` has returned 'done'. */
  get result(): Uint8Array {
    return this.frame!.frame;
  }

  /**
   * Works until `deadline` (performance.now()): 'more' when there is work left, 'waiting' when
   * only the operators' own snapshots or in-flight data are missing, 'done' when the frame is whole.
   */
  step(deadline: number): SnapshotProgress {
    if (this.frame === undefined) {
      for (const { keyed } of this.operators) if (keyed?.write(deadline) === true) return 'more';
      const states = this.operatorStates;
      const channels = this.channels;
      if (states === undefined || (channels !== undefined && !channels.complete)) return 'waiting';
      const snapshot: SubtaskSnapshot = {
        version: 1,
        operators: this.operators.map(({ uid, keyed }, i): OperatorSnapshot => ({
          uid,
          keyed: keyed?.result(),
          ...states[i],
        })),
        channels: channels?.result(),
        ...(this.finished ? { finished: true } : {}),
      };
      this.frame = new FrameWriter(snapshot);
      // The frame holds the parts now; let the writers go.
      this.operators = [];
    }
    if (this.frame.write(deadline)) return 'more';
    this.releaseArena();
    return 'done';
  }

  /** Encodes the keyed state to the end now: a new checkpoint's views can only be taken after. */
  finishKeyedState(): void {
    for (const { keyed } of this.operators) keyed?.write(Number.POSITIVE_INFINITY);
  }

  /** Gives the checkpoint up (the subtask stops): the state backends stop keeping before-images. */
  close(): void {
    for (const { keyed } of this.operators) keyed?.close();
    this.releaseArena();
  }

  /** Once only: a later snapshot may have the arena by the time this one is closed. */
  private releaseArena(): void {
    this.arena?.release();
    this.arena = undefined;
  }
}
