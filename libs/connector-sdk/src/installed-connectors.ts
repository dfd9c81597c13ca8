import { ConfigError } from '@weir/common';
import type { ConnectorRegistry } from './connector-registry';

let installed: ConnectorRegistry | undefined;

/**
 * A job asked for the installed connectors where none were installed: a host that can install them
 * (`weir run`) loads them on seeing it, and builds the job again.
 */
export class ConnectorsNotInstalledError extends ConfigError {}

/**
 * Makes `registry` the one a job in this process (or worker thread) finds connectors by name in: the
 * JobManager and each TaskManager slot install the connectors they loaded at start-up (the built-in
 * ones and the cluster's `connectors`) before they load a job.
 */
export function installConnectors(registry: ConnectorRegistry): void {
  installed = registry;
}

/**
 * The connectors this process installed, for a job that names its source or sink instead of
 * importing it: `installedConnectors().createSource('sample-sequence', { count: 100 })`. The job's
 * code runs where the registry is (a cluster's JobManager and TaskManagers; `weir run`, which loads
 * the connectors when a job asks for them), so a plugin listed in the configuration (or in
 * `weir run --connectors`) is found without being bundled with the job.
 */
export function installedConnectors(): ConnectorRegistry {
  if (installed === undefined) {
    throw new ConnectorsNotInstalledError(
      'No connectors are installed in this process: a job finds connectors by name only where they were ' +
        "loaded (on a cluster, from its 'connectors'; by weir run). Import the connector's source or sink instead.",
    );
  }
  return installed;
}
