import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
// Nest's decorators alone (see connector-registry.ts).
import 'reflect-metadata';
import { Module } from '@nestjs/common/decorators';
import { ConfigError } from '@weir/common';
import { resolve } from 'node:path';
import { isConnectorModule, type ConnectorModuleClass } from './connector-module';
import { ConnectorRegistry } from './connector-registry';
import { ConnectorRegistryModule } from './connector-registry-module';

/** A plugin as the cluster's configuration lists it: its package name, and options for its module. */
export type ConnectorPluginSpec = string | { readonly package: string; readonly options?: Record<string, unknown> };

export interface LoadConnectorPluginsOptions {
  /** The directory the packages are resolved from, as `require` would from a file in it (its node_modules, then its parents'). */
  from: string;
}

/** The running connector modules of a process, and the registry they registered with. */
export interface LoadedConnectors {
  readonly registry: ConnectorRegistry;
  /** The connector modules started, in the order given. */
  readonly modules: readonly ConnectorModuleClass<object>[];
  /** Ends the modules (their onModuleDestroy hooks). */
  close(): Promise<void>;
}

/**
 * Resolves third-party connector packages by name and makes their dynamic modules (DESIGN.md §8), for a
 * Nest application to import: `imports: [...resolveConnectorPlugins(config.connectors, { from })]`.
 * A package's exports (its default first) must hold a connector module (made by defineConnectorModule).
 */
export function resolveConnectorPlugins(
  specs: readonly ConnectorPluginSpec[],
  options: LoadConnectorPluginsOptions,
): DynamicModule[] {
  const from = resolve(options.from);
  return specs.map((spec) => {
    const name = typeof spec === 'string' ? spec : spec?.package;
    if (typeof name !== 'string' || name === '') {
      throw new ConfigError(
        `connectors: each entry must be a package name or { package, options }, not ${JSON.stringify(spec)}.`,
      );
    }
    const module = connectorModuleOf(requirePlugin(name, from), name);
    return module.forRoot(typeof spec === 'string' ? {} : (spec.options ?? {}));
  });
}

/**
 * What the JobManager and the TaskManagers call at start-up with the cluster's `connectors`: resolves
 * the packages, starts their modules in a Nest application context, and returns the registry they
 * registered with. A missing package, one without a connector module, or bad options is a ConfigError.
 */
export async function loadConnectorPlugins(
  specs: readonly ConnectorPluginSpec[],
  options: LoadConnectorPluginsOptions,
): Promise<LoadedConnectors> {
  return startConnectors(resolveConnectorPlugins(specs, options));
}

/**
 * Starts connector modules (`FilesModule.forRoot()`, plugins' modules) in a Nest application context
 * of their own, for a process or a test that is no Nest application itself.
 */
export async function startConnectors(modules: readonly DynamicModule[]): Promise<LoadedConnectors> {
  @Module({})
  class ConnectorsModule {}
  // The registry module too: with no connector at all there is still a registry, an empty one.
  const root: DynamicModule = { module: ConnectorsModule, imports: [ConnectorRegistryModule, ...modules] };
  // Loaded here, not with the SDK: every worker thread that runs a connector's source or sink loads
  // the SDK, and @nestjs/core (with its ~170 modules) was a tenth of such a thread's start-up.
  const { NestFactory } = await import('@nestjs/core');
  const app: INestApplicationContext = await NestFactory.createApplicationContext(root, {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  return {
    registry: app.get(ConnectorRegistry),
    modules: modules.map((module) => module.module).filter(isConnectorModule),
    close: () => app.close(),
  };
}

function requirePlugin(name: string, from: string): Record<string, unknown> {
  let path: string;
  try {
    path = require.resolve(name, { paths: [from] });
  } catch (error) {
    throw new ConfigError(
      `connectors: the connector package '${name}' cannot be found from '${from}'. Install it there ` +
        `(npm install ${name}), or fix its name in 'connectors'.`,
      { cause: error },
    );
  }
  try {
    // This module's own `require`, not one made by createRequire: a plugin must share the host's
    // module instances (of this SDK, of Nest), or it would register with a registry nobody reads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`connectors: the connector package '${name}' failed to load: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function connectorModuleOf(exports: Record<string, unknown>, name: string): ConnectorModuleClass<object> {
  if (isConnectorModule(exports)) return exports;
  const candidates = [exports.default, ...Object.values(exports)];
  const found = candidates.find(isConnectorModule);
  if (found === undefined) {
    throw new ConfigError(
      `connectors: the package '${name}' exports no connector module. A connector package exports a ` +
        'class made with defineConnectorModule (see docs/connectors.md).',
    );
  }
  return found;
}
