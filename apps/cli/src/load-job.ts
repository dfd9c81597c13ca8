/**
 * What `weir run` and `weir info` share: bundle the job file, load it, build its StreamGraph with
 * the command line's job arguments and parallelism. Each step throws a JobDefinitionError (or the
 * API's ConfigError) that names the file, or the user's line, when the job is not right.
 */
import type { JobDefinition, StreamGraph } from '@weir/core';
import { bundleJobFile, loadJobBundle, type JobBundle } from '@weir/runtime';
import type { JobInvocation } from './command-line';

export interface LoadedJob {
  readonly bundle: JobBundle;
  readonly definition: JobDefinition;
  readonly graph: StreamGraph;
}

export async function loadJob(job: JobInvocation): Promise<LoadedJob> {
  const bundle = await bundleJobFile(job.file);
  const definition = loadJobBundle(bundle);
  const graph = definition.buildGraph({ args: job.args, parallelism: job.parallelism });
  return { bundle, definition, graph };
}
