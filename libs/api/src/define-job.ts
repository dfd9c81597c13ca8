/**
 * `defineJob`: what a job module exports by default. It only records the build function; Weir
 * calls `buildGraph` on the client (`weir run`, `weir info`) and again wherever the user's functions
 * must be found (worker threads, TaskManagers), each time with a fresh environment, so the graph
 * comes out the same everywhere.
 */
import { availableParallelism } from 'node:os';
import { JobDefinitionError } from '@weir/common';
import type { JobBuildOptions, JobDefinition, StreamGraph } from '@weir/core';
import { requireWholeNumber } from './config-values';
import { StreamExecutionEnvironment } from './stream-execution-environment';
import { describeValue } from './user-functions';

export interface JobOptions {
  /** The job's name, in the plan, the dashboard and errors. */
  name: string;
}

/** Declares the dataflow on `env`; `args` are the job's `--name value` arguments. Must be synchronous. */
export type JobBuildFunction = (env: StreamExecutionEnvironment, args: Readonly<Record<string, string>>) => void;

export function defineJob(options: JobOptions, build: JobBuildFunction): JobDefinition {
  const name = (options as Partial<JobOptions> | undefined)?.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new JobDefinitionError(
      `defineJob() needs a job name: defineJob({ name: 'my-job' }, (env, args) => …), not ${describeValue(name)}.`,
    );
  }
  if (typeof build !== 'function') {
    throw new JobDefinitionError(
      `defineJob({ name: '${name}' }, build) needs a build function (env, args) => { … }, not ${describeValue(build)}.`,
    );
  }
  return {
    kind: 'weir-job',
    name,
    buildGraph: (buildOptions) => buildGraph(name, build, buildOptions),
  };
}

function buildGraph(name: string, build: JobBuildFunction, options: JobBuildOptions): StreamGraph {
  const parallelism =
    options.parallelism === undefined
      ? availableParallelism()
      : requireWholeNumber(options.parallelism, 1, `job '${name}'`, 'the default parallelism (-p)');
  const args = Object.freeze({ ...options.args });
  const env = StreamExecutionEnvironment.forJobDefinition(name, parallelism, args);
  let returned: unknown;
  try {
    returned = build(env, args);
  } catch (error) {
    if (error instanceof JobDefinitionError) throw error;
    throw new JobDefinitionError(
      `Job '${name}' could not be built: its build function threw ${describeError(error)}.`,
      { cause: error },
    );
  }
  if (typeof (returned as Partial<PromiseLike<unknown>> | undefined)?.then === 'function') {
    throw new JobDefinitionError(
      `Job '${name}': the build function returned a promise, but it must declare the dataflow synchronously ` +
        "(Weir builds the graph again on every worker); do any asynchronous set-up in a function's open() instead.",
    );
  }
  const graph = env.getStreamGraph();
  if (![...graph.nodes.values()].some((node) => node.operator.kind === 'sink')) {
    throw new JobDefinitionError(
      `Job '${name}' declares no sink, so it would compute nothing visible; end the pipeline with sinkTo(...) or ` +
        'print().',
    );
  }
  return graph;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error);
}
