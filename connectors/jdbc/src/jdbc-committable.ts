/**
 * One checkpoint's rows from one writer, kept in the checkpoint until it is complete and then
 * written in one transaction (the write-ahead approach: the database holds no open transaction
 * across a checkpoint, so nothing is lost with a connection, and a replay is recognised by its name).
 */
export interface JdbcCommittable<T> {
  /**
   * Names the writer that prepared the rows: a random id per writer (per subtask and attempt). With
   * the checkpoint id it names the commit, the same when a restored job replays it (even under a new
   * job id), and never the same for a fresh run whose checkpoint ids start again at 1.
   */
  readonly writerId: string;
  readonly subtask: number;
  readonly checkpointId: number;
  readonly rows: T[];
}
