/**
 * One checkpoint's encoded messages from one subtask, kept in the checkpoint until it is complete
 * and then published with message ids derived from (job, sink, subtask, checkpoint, index), so a
 * replayed commit is dropped by JetStream's de-duplication.
 */
export interface NatsCommittable {
  readonly subtask: number;
  readonly checkpointId: number;
  readonly payloads: Uint8Array[];
}
