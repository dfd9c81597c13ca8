/**
 * What travels on a channel between two subtasks, in order: batches of records and the in-band
 * events (DESIGN.md §4). Inside one thread a batch is passed as it is; between threads or processes
 * its records are encoded (see BatchCodec) and `encoded` is set instead.
 */
export type ChannelEvent =
  | { kind: 'records'; values: unknown[]; timestamps: number[] }
  | { kind: 'encoded-records'; bytes: Uint8Array }
  | { kind: 'watermark'; watermark: number }
  | { kind: 'status'; idle: boolean }
  | CheckpointBarrier
  | { kind: 'end' };

/**
 * Checkpoint barrier `checkpointId` (DESIGN.md §6): everything before it on a channel belongs to
 * the checkpoint, everything after it does not.
 */
export interface CheckpointBarrier {
  readonly kind: 'barrier';
  readonly checkpointId: number;
  /** When the coordinator triggered the checkpoint (ms since the epoch). */
  readonly timestamp: number;
  /**
   * A savepoint's barrier: aligned even when the job's checkpoints are unaligned, so a savepoint
   * holds no in-flight data and can be rescaled, as in Flink. (Not carried over NATS yet.)
   */
  readonly aligned?: true;
}

/** A subtask's address: its vertex (chain head id) and its index. */
export interface SubtaskAddress {
  readonly vertex: number;
  readonly subtask: number;
}

export function subtaskKey(vertex: number, subtask: number): string {
  return `${vertex}.${subtask}`;
}
