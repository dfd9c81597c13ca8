/**
 * The non-keyed state of one operator instance, as `snapshotState` returns it and
 * `initializeState` gets it back (Flink's operator state). The runtime encodes it into the
 * checkpoint and, on restore at another parallelism, redistributes it:
 * - `lists`: each list is split among the new subtasks (elements of all old subtasks, round robin);
 * - `unions`: each new subtask gets all the elements of every old subtask;
 * - `broadcast`: the same on every subtask; new subtask i gets old subtask (i mod old p)'s value.
 * Keyed state and timers need none of this: the runtime snapshots the operator's keyed backend.
 */
export interface OperatorState {
  lists?: Record<string, unknown[]>;
  unions?: Record<string, unknown[]>;
  broadcast?: Record<string, unknown>;
}
