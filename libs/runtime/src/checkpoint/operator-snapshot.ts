/*
 * What one operator instance (one subtask) puts into a checkpoint, and what it gets back on
 * restore: the same shape, so restoring is handing each new subtask its share of old snapshots.
 * Every value is already encoded (see state-codec), so the shape is plain data that crosses threads
 * and processes as it is, and a restore at another parallelism moves bytes without decoding them.
 */
import type { ChannelStateSnapshot } from './channel-state';

/** Keyed state and timers of one operator, per key group (what rescaling redistributes). */
export interface KeyedSnapshot {
  /** The kind of each state, by name ('value', 'list', …): a restore refuses a changed kind. */
  readonly kinds: Readonly<Record<string, string>>;
  /**
   * `[keyGroup, encoded KeyGroupSnapshot]` for the key groups that hold anything; a large key group
   * comes in several parts (each of some of its entries), which a restore simply adds up.
   */
  readonly groups: readonly (readonly [number, Uint8Array])[];
}

/**
 * The contents of one key group: its state entries and its timers (see the state backend). A
 * state's entries of numbers only are written as NumericEntries and read back as these.
 */
export interface KeyGroupSnapshot {
  readonly state?: Record<string, unknown[]>;
  readonly timers?: Record<string, unknown[]>;
}

/**
 * Non-keyed state of an operator, by name. A list is split among the subtasks on restore (round
 * robin over the old subtasks' elements in order: source splits, sink committables); a union list
 * goes whole to every subtask; broadcast state is the same on every subtask, so subtask i gets old
 * subtask i mod p's copy. Each element is encoded on its own so it can move alone.
 */
export interface OperatorStateSnapshot {
  readonly lists?: Readonly<Record<string, readonly Uint8Array[]>>;
  readonly unions?: Readonly<Record<string, readonly Uint8Array[]>>;
  readonly broadcast?: Readonly<Record<string, Uint8Array>>;
}

export interface OperatorSnapshot extends OperatorStateSnapshot {
  /** The operator's uid: how a restore finds it, in this job or a changed one. */
  readonly uid: string;
  readonly keyed?: KeyedSnapshot;
}

/** Everything one subtask wrote for a checkpoint: one blob in the SnapshotStore. */
export interface SubtaskSnapshot {
  readonly version: 1;
  readonly operators: readonly OperatorSnapshot[];
  /** What was in flight on its channels, for an unaligned checkpoint. */
  readonly channels?: ChannelStateSnapshot;
  /**
   * The subtask had finished (FLIP-147): this is its state after its end of input, and a restore
   * starts it finished, so it neither reads nor emits anything again.
   */
  readonly finished?: true;
}

/** The state a subtask starts from: its share of the restored snapshots, per operator uid, and its in-flight data. */
export interface TaskRestore {
  readonly operators: Readonly<Record<string, OperatorSnapshot>>;
  readonly channels?: ChannelStateSnapshot;
  /** The subtask had finished when the snapshot was taken: it starts finished. */
  readonly finished?: true;
}
