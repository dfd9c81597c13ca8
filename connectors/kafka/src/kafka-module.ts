import { defineConnectorModule, namedFormat, type ConnectorOptions } from '@weir/connector-sdk';
import { KafkaModuleOptions } from './kafka-options';
import { kafkaSink } from './kafka-sink';
import type { KafkaSinkOptions } from './kafka-sink-settings';
import { kafkaSource, type KafkaSourceOptions } from './kafka-source';

/**
 * `KafkaModule.forRoot({ brokers: ['kafka:9092'] })` registers the 'kafka' source and sink with the
 * ConnectorRegistry, so a job or a cluster configuration can name them; the module's options are
 * the defaults of every source and sink made through it. `format` may be given by name there.
 */
export class KafkaModule extends defineConnectorModule<KafkaModuleOptions>({
  name: 'kafka',
  options: KafkaModuleOptions,
  register(registry, defaults) {
    registry.registerSource('kafka', (options) =>
      kafkaSource(withDefaults<KafkaSourceOptions<unknown>>(defaults, options)),
    );
    registry.registerSink('kafka', (options) => kafkaSink(withDefaults<KafkaSinkOptions<unknown>>(defaults, options)));
  },
}) {}

/** Configuration's options over the module's defaults; kafkaSource and kafkaSink validate the result. */
function withDefaults<O>(defaults: KafkaModuleOptions, options: ConnectorOptions): O {
  const merged: Record<string, unknown> = { ...defaults, ...options };
  merged.format = namedFormat(merged.format, 'kafka connector');
  return merged as O;
}
