import { defineConnectorModule, namedFormat, type ConnectorOptions } from '@weir/connector-sdk';
import { PulsarModuleOptions } from './pulsar-options';
import { pulsarSink, type PulsarSinkOptions } from './pulsar-sink';
import { pulsarSource, type PulsarSourceOptions } from './pulsar-source';

/**
 * `PulsarModule.forRoot({ webServiceUrl: 'http://pulsar:8080' })` registers the 'pulsar' source and
 * sink with the ConnectorRegistry; the module's options are their defaults, `format` may be a name.
 */
export class PulsarModule extends defineConnectorModule<PulsarModuleOptions>({
  name: 'pulsar',
  options: PulsarModuleOptions,
  register(registry, defaults) {
    registry.registerSource('pulsar', (options) =>
      pulsarSource(withDefaults<PulsarSourceOptions<unknown>>(defaults, options)),
    );
    registry.registerSink('pulsar', (options) =>
      pulsarSink(withDefaults<PulsarSinkOptions<unknown>>(defaults, options)),
    );
  },
}) {}

/** Configuration's options over the module's defaults; pulsarSource and pulsarSink validate the result. */
function withDefaults<O>(defaults: PulsarModuleOptions, options: ConnectorOptions): O {
  const merged: Record<string, unknown> = { ...defaults, ...options };
  merged.format = namedFormat(merged.format, 'pulsar connector');
  return merged as O;
}
