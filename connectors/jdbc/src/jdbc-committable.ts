/**
 * One checkpoint's rows from one subtask, kept in the checkpoint until it is complete and then
 * written in one transaction (the write-ahead approach: the database holds no open transaction
 * across a checkpoint, so nothing is lost with a connection, and a replay is recognised by its name).
 */
export interface JdbcCommittable<T> {
  readonly subtask: number;
  readonly checkpointId: number;
  readonly rows: T[];
}
