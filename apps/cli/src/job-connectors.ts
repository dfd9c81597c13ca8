/**
 * The connectors a job run by the CLI may name with installedConnectors(): the built-in ones and
 * the packages of `--connectors` (else WEIR_CONNECTORS, else `connectors` in the WEIR_CONFIG file,
 * the cluster's), resolved from `--connectors-from` (same order; default the current directory).
 * Loading them starts a Nest context, a second or so, so it happens only for a job that asks for
 * them or when packages are listed: in this process to build the job, and on each worker thread.
 */
import { ClusterConfig, loadClusterConnectors, loadConfig, type ClusterConnectors } from '@weir/cluster';
import { dirname } from 'node:path';

/** The connector settings, read and checked as a cluster's process reads them. */
export function jobConnectors(flags: readonly string[], env: NodeJS.ProcessEnv): ClusterConnectors {
  const { connectors, connectorsFrom } = loadConfig(ClusterConfig, 'weir run', { argv: flags, env });
  return { connectors, connectorsFrom };
}

/** Loads the connectors and installs them for the jobs this process or thread builds. */
export async function installJobConnectors(connectors: ClusterConnectors): Promise<void> {
  // Resolved as a TaskManager resolves them: the CLI runs what a cluster's process would.
  await loadClusterConnectors(connectors, dirname(require.resolve('@weir/taskmanager/package.json')));
}

/** What each worker thread of an embedded job runs first (runtime's WorkerSetup). */
export function setUpWorker(connectors: ClusterConnectors): Promise<void> {
  return installJobConnectors(connectors);
}
