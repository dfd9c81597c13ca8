/**
 * A job's code as one CommonJS file (esbuild output): what the client ships and what every worker
 * thread or TaskManager loads to rebuild the graph. `@weir/*` packages are not bundled: each process
 * uses its own installed copy, so the classes the job extends are the runtime's own.
 */
export interface JobBundle {
  readonly code: string;
  /** The job file the bundle was made from, for error messages and stack traces. */
  readonly sourceFile: string;
  /**
   * Set when the bundle is a program that calls `execute()` itself rather than a job module with
   * a default export: it is then loaded with a plan capture (plan-capture.ts).
   */
  readonly program?: boolean;
  /**
   * The `@weir/*` packages the bundle requires, in its order: loaded before it, while source maps
   * are still off (load-job-bundle.ts). Unset in bundles made before it was added.
   */
  readonly weirImports?: readonly string[];
}
