/**
 * What `weir run` and `weir info` share: bundle the job file, load it, build its StreamGraph with
 * the command line's job arguments and parallelism. Each step throws a JobDefinitionError (or the
 * API's ConfigError) that names the file, or the user's line, when the job is not right. A job that
 * names its connectors (installedConnectors()) gets them installed, and is built again.
 */
import type { ClusterConnectors } from '@weir/cluster';
import type { JobDefinition, StreamGraph } from '@weir/core';
import { bundleJobFile, loadJobBundle, type JobBundle, type WorkerSetup } from '@weir/runtime';
import type { JobInvocation } from './command-line';
import { installJobConnectors, jobConnectors } from './job-connectors';

export interface LoadedJob {
  readonly bundle: JobBundle;
  readonly definition: JobDefinition;
  readonly graph: StreamGraph;
  /** For the worker threads of an embedded run: installs the connectors there, when the job needs them. */
  readonly workerSetup: WorkerSetup | undefined;
}

export async function loadJob(job: JobInvocation, env: NodeJS.ProcessEnv): Promise<LoadedJob> {
  const connectors = jobConnectors(job.connectorFlags, env);
  const bundle = await bundleJobFile(job.file);
  const build = (): { definition: JobDefinition; graph: StreamGraph } => {
    const definition = loadJobBundle(bundle);
    return { definition, graph: definition.buildGraph({ args: job.args, parallelism: job.parallelism }) };
  };
  let installed = connectors.connectors.length > 0;
  if (installed) await installJobConnectors(connectors);
  let built: { definition: JobDefinition; graph: StreamGraph };
  try {
    built = build();
  } catch (error) {
    if (installed || !askedForConnectors(error)) throw error;
    await installJobConnectors(connectors);
    installed = true;
    built = build();
  }
  return { bundle, ...built, workerSetup: installed ? workerSetup(connectors) : undefined };
}

function workerSetup(connectors: ClusterConnectors): WorkerSetup {
  return { module: require.resolve('./job-connectors'), options: connectors };
}

/** The job called installedConnectors() (by the error's name: the SDK is not loaded here, it brings Nest). */
function askedForConnectors(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e.name === 'ConnectorsNotInstalledError') return true;
  return false;
}
