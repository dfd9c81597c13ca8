/**
 * A job's code as one CommonJS file (esbuild output): what the client ships and what every worker
 * thread or TaskManager loads to rebuild the graph. `@weir/*` packages are not bundled: each process
 * uses its own installed copy, so the classes the job extends are the runtime's own.
 */
export interface JobBundle {
  readonly code: string;
  /** The job file the bundle was made from, for error messages and stack traces. */
  readonly sourceFile: string;
}
