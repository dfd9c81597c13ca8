import type { StreamGraph } from './stream-graph';

/** Options a job is built with: the job's arguments and the parallelism asked for on the command line. */
export interface JobBuildOptions {
  args: Readonly<Record<string, string>>;
  /** The default parallelism (`weir run -p N`); the job's own `setParallelism` still wins. */
  parallelism?: number;
}

/**
 * A job module's default export (`defineJob(...)`). The runtime only needs to rebuild the graph
 * wherever user functions must be found (worker threads, TaskManagers), so that is all it exposes.
 */
export interface JobDefinition {
  readonly kind: 'weir-job';
  readonly name: string;
  buildGraph(options: JobBuildOptions): StreamGraph;
}

export function isJobDefinition(value: unknown): value is JobDefinition {
  return typeof value === 'object' && value !== null && (value as Partial<JobDefinition>).kind === 'weir-job';
}
