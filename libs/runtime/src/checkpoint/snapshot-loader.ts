import { CheckpointError } from '@weir/common';
import { holdsInFlightData, type ChannelStateSnapshot } from './channel-state';
import { decodeMetadata, type CheckpointMetadata } from './checkpoint-metadata';
import type { OperatorSnapshot, SubtaskSnapshot } from './operator-snapshot';
import { checkpointLocation, type SnapshotLocation, type SnapshotStore } from './snapshot-store';
import { decodeFrame, verifyDigest } from './state-codec';

/** The snapshots of one operator (by uid) in a loaded snapshot, by old subtask index. */
export interface LoadedOperator {
  readonly vertexName: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly subtasks: readonly OperatorSnapshot[];
}

export interface LoadedSnapshot {
  readonly location: SnapshotLocation;
  /** Where it is, for messages. */
  readonly description: string;
  readonly metadata: CheckpointMetadata;
  readonly operators: ReadonlyMap<string, LoadedOperator>;
  /** In-flight data of an unaligned checkpoint, by `<uid of the vertex's head>/<subtask>`. */
  readonly channels: ReadonlyMap<string, ChannelStateSnapshot>;
  /** The subtasks that had finished when it was taken (FLIP-147), by `<uid of the vertex's head>/<subtask>`. */
  readonly finished: ReadonlySet<string>;
}

/** The key of a subtask's channel state, or of its being finished, in a LoadedSnapshot. */
export function channelStateKey(headUid: string, subtask: number): string {
  return `${headUid}/${subtask}`;
}

/**
 * Reads a complete snapshot and checks every blob against its digest, so that corrupt or truncated
 * data is found here, with a CheckpointError naming the snapshot, before any subtask starts from it.
 */
export async function loadSnapshot(store: SnapshotStore, location: SnapshotLocation): Promise<LoadedSnapshot> {
  const description = store.describe(location);
  const where = `${location.kind === 'checkpoint' ? `checkpoint ${location.id}` : `savepoint '${location.name}'`} (${description})`;
  try {
    const bytes = await store.getMetadata(location);
    if (bytes === undefined) throw new CheckpointError(`There is no complete ${where}: its metadata is missing.`);
    const metadata = decodeMetadata(bytes, where);
    const operators = new Map<string, LoadedOperator>();
    const channels = new Map<string, ChannelStateSnapshot>();
    const finished = new Set<string>();
    for (const vertex of metadata.vertices) {
      const perUid = vertex.uids.map(() => [] as OperatorSnapshot[]);
      for (let subtask = 0; subtask < vertex.parallelism; subtask++) {
        const what = `The state of '${vertex.name}' subtask ${subtask} in ${where}`;
        const blob = await store.getState(location, vertex.vertex, subtask);
        if (blob === undefined) throw new CheckpointError(`${what} is missing.`);
        verifyDigest(blob, vertex.subtasks[subtask], what);
        const snapshot = decodeFrame<SubtaskSnapshot>(blob, what);
        if (holdsInFlightData(snapshot.channels))
          channels.set(channelStateKey(vertex.uids[0], subtask), snapshot.channels!);
        if (snapshot.finished === true) finished.add(channelStateKey(vertex.uids[0], subtask));
        vertex.uids.forEach((uid, i) => {
          const operator = snapshot.operators.find((o) => o.uid === uid);
          if (operator === undefined) throw new CheckpointError(`${what} has no state for operator uid '${uid}'.`);
          perUid[i].push(operator);
        });
      }
      vertex.uids.forEach((uid, i) =>
        operators.set(uid, {
          vertexName: vertex.name,
          parallelism: vertex.parallelism,
          maxParallelism: vertex.maxParallelism,
          subtasks: perUid[i],
        }),
      );
    }
    return { location, description, metadata, operators, channels, finished };
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`Reading ${where} failed: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The latest complete checkpoint that loads, falling back to older ones past a corrupt one (each
 * failure is reported to `onCorrupt`); undefined when there is none.
 */
export async function loadLatestCheckpoint(
  store: SnapshotStore,
  onCorrupt: (error: CheckpointError) => void,
): Promise<LoadedSnapshot | undefined> {
  const ids = await store.completedCheckpoints();
  for (let i = ids.length - 1; i >= 0; i--) {
    try {
      return await loadSnapshot(store, checkpointLocation(ids[i]));
    } catch (error) {
      onCorrupt(error as CheckpointError);
    }
  }
  return undefined;
}
