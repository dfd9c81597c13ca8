/**
 * One checkpoint's encoded messages from one writer, kept in the checkpoint until it is complete and
 * then published with message ids `<writerId>/<checkpoint>/<index>`, so that a replayed commit is
 * dropped by JetStream's de-duplication.
 */
export interface NatsCommittable {
  /**
   * A random id per writer (per subtask and attempt): the same when a restored job replays the
   * commit (even under a new job id), never the same for a fresh run whose checkpoint ids start at 1.
   */
  readonly writerId: string;
  readonly subtask: number;
  readonly checkpointId: number;
  readonly payloads: Uint8Array[];
}
