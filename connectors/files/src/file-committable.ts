/** A closed part file, ready to be made visible: what a file sink's writer pre-commits at a checkpoint. */
export interface FileCommittable {
  readonly inProgressPath: string;
  readonly committedPath: string;
}
