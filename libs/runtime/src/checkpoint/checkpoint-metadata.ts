import { CheckpointError } from '@weir/common';
import { decodeFrame, encodeFrame, type BlobDigest } from './state-codec';

/** The subtask blobs of one vertex in a snapshot. */
export interface VertexSnapshotInfo {
  readonly vertex: number;
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** The uids of the vertex's operators, in chain order. */
  readonly uids: readonly string[];
  /** One digest per subtask blob, by subtask index. */
  readonly subtasks: readonly BlobDigest[];
}

/**
 * What makes a snapshot complete (DESIGN.md §6 step 5): where its blobs are and how to check them,
 * and the split enumerators' checkpoints, which live on the coordinator and so are not in any blob.
 */
export interface CheckpointMetadata {
  readonly version: 1;
  readonly jobId: string;
  readonly jobName: string;
  readonly checkpointId: number;
  readonly savepoint: boolean;
  readonly timestamp: number;
  readonly vertices: readonly VertexSnapshotInfo[];
  /** Encoded enumerator checkpoints by source uid. */
  readonly enumerators: Readonly<Record<string, Uint8Array>>;
}

export function encodeMetadata(metadata: CheckpointMetadata): Uint8Array {
  return encodeFrame(metadata);
}

export function decodeMetadata(bytes: Uint8Array, where: string): CheckpointMetadata {
  const metadata = decodeFrame<CheckpointMetadata>(bytes, `The metadata of ${where}`);
  if (metadata?.version !== 1 || !Array.isArray(metadata.vertices)) {
    throw new CheckpointError(`The metadata of ${where} is not Weir checkpoint metadata of version 1: it is corrupt.`);
  }
  return metadata;
}
