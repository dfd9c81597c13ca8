import { ConfigError } from '@weir/common';
import { CollectSink, NumberSequenceSource } from '@weir/core';
import { ConnectorRegistry } from './connector-registry';

describe('ConnectorRegistry', () => {
  it('creates sources and sinks by name with the options given', () => {
    const registry = new ConnectorRegistry();
    const seen: unknown[] = [];
    registry.registerSource('numbers', (options) => {
      seen.push(options);
      return new NumberSequenceSource(1, Number(options.to));
    });
    registry.registerSink('collect', () => new CollectSink());
    const source = registry.createSource('numbers', { to: 5 });
    expect(source).toBeInstanceOf(NumberSequenceSource);
    expect(seen).toEqual([{ to: 5 }]);
    expect(registry.createSink('collect')).toBeInstanceOf(CollectSink);
    expect(registry.sourceNames()).toEqual(['numbers']);
    expect(registry.sinkNames()).toEqual(['collect']);
    expect([registry.hasSource('numbers'), registry.hasSink('numbers')]).toEqual([true, false]);
  });

  it('names an unknown connector and the ones it knows', () => {
    const registry = new ConnectorRegistry();
    expect(() => registry.createSink('kafka')).toThrow(
      "ConnectorRegistry: no sink named 'kafka' is registered (no sinks are). Import its connector module, " +
        "or list its package in the cluster's 'connectors' (for weir run, --connectors).",
    );
    registry.registerSource('files', () => new NumberSequenceSource(1, 2));
    registry.registerSource('jdbc', () => new NumberSequenceSource(1, 2));
    expect(() => registry.createSource('kafka')).toThrow(ConfigError);
    expect(() => registry.createSource('kafka')).toThrow(
      "ConnectorRegistry: no source named 'kafka' is registered (sources: files, jdbc).",
    );
  });

  it('refuses a second factory under a taken name, but not the same one again', () => {
    const registry = new ConnectorRegistry();
    const factory = () => new CollectSink();
    registry.registerSink('collect', factory);
    registry.registerSink('collect', factory);
    expect(() => registry.registerSink('collect', () => new CollectSink())).toThrow(
      "ConnectorRegistry: a sink named 'collect' is already registered.",
    );
    expect(() => registry.registerSource('', () => new NumberSequenceSource(1, 2))).toThrow(
      'ConnectorRegistry: a source needs a non-empty name, not "".',
    );
  });
});
