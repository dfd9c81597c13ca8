import type { LoadedConnectors } from '@weir/connector-sdk';
import type { ConnectorSpec } from './is-connector-list';

/** The connectors every JobManager and TaskManager has, loaded by name like any plugin. */
export const BUILT_IN_CONNECTORS: readonly string[] = [
  '@weir/connector-files',
  '@weir/connector-jdbc',
  '@weir/connector-kafka',
  '@weir/connector-nats',
  '@weir/connector-pulsar',
];

/** What a process loads: the cluster's `connectors` and where they are installed. */
export interface ClusterConnectors {
  readonly connectors: readonly ConnectorSpec[];
  readonly connectorsFrom: string;
}

/**
 * Loads the built-in connectors (resolved from `builtInsFrom`, the process's own package) and the
 * cluster's plugins into one ConnectorRegistry, and installs it for the jobs this process (or worker
 * thread) loads. A package that is missing, exports no connector module or refuses its options is a
 * ConfigError naming it: the process does not start.
 */
export async function loadClusterConnectors(
  { connectors, connectorsFrom }: ClusterConnectors,
  builtInsFrom: string,
): Promise<LoadedConnectors> {
  // Loaded here, not at the top: clients of this package (the CLI) need no Nest.
  const sdk = await import('@weir/connector-sdk');
  const modules = [
    ...sdk.resolveConnectorPlugins(BUILT_IN_CONNECTORS, { from: builtInsFrom }),
    ...sdk.resolveConnectorPlugins(connectors, { from: connectorsFrom }),
  ];
  const loaded = await sdk.startConnectors(modules);
  sdk.installConnectors(loaded.registry);
  return loaded;
}
