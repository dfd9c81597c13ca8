// Nest's decorators alone, with the Reflect metadata they write: '@nestjs/common' itself loads some
// 360 modules (rxjs among them) that a worker thread running a connector's source or sink never uses.
import 'reflect-metadata';
import { Injectable } from '@nestjs/common/decorators';
import { ConfigError } from '@weir/common';
import type { Sink, Source, SourceSplit } from '@weir/core';

/** Options as a configuration file or a request gives them: the connector validates them itself. */
export type ConnectorOptions = Readonly<Record<string, unknown>>;

export type SourceFactory = (options: ConnectorOptions) => Source<unknown, SourceSplit, unknown>;
export type SinkFactory = (options: ConnectorOptions) => Sink<unknown>;

/**
 * The connectors a process knows, by name (DESIGN.md §8): each connector module registers its source
 * and sink factories here when it starts, and whoever holds only a name and options (a job defined in
 * configuration, the JobManager) creates sources and sinks through it. Nothing in the runtime names a
 * specific connector; a job written in TypeScript calls the connector's typed functions instead.
 */
@Injectable()
export class ConnectorRegistry {
  private readonly sources = new Map<string, SourceFactory>();
  private readonly sinks = new Map<string, SinkFactory>();

  registerSource(name: string, factory: SourceFactory): void {
    register(this.sources, 'source', name, factory);
  }

  registerSink(name: string, factory: SinkFactory): void {
    register(this.sinks, 'sink', name, factory);
  }

  createSource(name: string, options: ConnectorOptions = {}): Source<unknown, SourceSplit, unknown> {
    return lookUp(this.sources, 'source', name)(options);
  }

  createSink(name: string, options: ConnectorOptions = {}): Sink<unknown> {
    return lookUp(this.sinks, 'sink', name)(options);
  }

  hasSource(name: string): boolean {
    return this.sources.has(name);
  }

  hasSink(name: string): boolean {
    return this.sinks.has(name);
  }

  /** The registered source names, sorted. */
  sourceNames(): string[] {
    return [...this.sources.keys()].sort();
  }

  /** The registered sink names, sorted. */
  sinkNames(): string[] {
    return [...this.sinks.keys()].sort();
  }
}

function register<F>(factories: Map<string, F>, kind: string, name: string, factory: F): void {
  if (typeof name !== 'string' || name === '') {
    throw new ConfigError(`ConnectorRegistry: a ${kind} needs a non-empty name, not ${JSON.stringify(name)}.`);
  }
  if (typeof factory !== 'function') {
    throw new ConfigError(`ConnectorRegistry: the ${kind} '${name}' must be registered with a factory function.`);
  }
  const existing = factories.get(name);
  if (existing === factory) return;
  if (existing !== undefined) {
    throw new ConfigError(
      `ConnectorRegistry: a ${kind} named '${name}' is already registered. ` +
        'Two connector modules use the same name, or one was imported twice with different options.',
    );
  }
  factories.set(name, factory);
}

function lookUp<F>(factories: Map<string, F>, kind: string, name: string): F {
  const factory = factories.get(name);
  if (factory !== undefined) return factory;
  const known = [...factories.keys()].sort();
  throw new ConfigError(
    `ConnectorRegistry: no ${kind} named '${name}' is registered ` +
      `(${known.length === 0 ? `no ${kind}s are` : `${kind}s: ${known.join(', ')}`}). ` +
      "Import its connector module, or list its package in the cluster's 'connectors' (for weir run, --connectors).",
  );
}
