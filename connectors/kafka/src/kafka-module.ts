import {
  ConfigError,
  csvFormat,
  defineConnectorModule,
  jsonFormat,
  linesFormat,
  rawBytesFormat,
  type ConnectorOptions,
  type Format,
} from '@weir/connector-sdk';
import { KafkaModuleOptions } from './kafka-options';
import { kafkaSink } from './kafka-sink';
import type { KafkaSinkOptions } from './kafka-sink-settings';
import { kafkaSource, type KafkaSourceOptions } from './kafka-source';

const FORMATS: Record<string, () => Format<unknown>> = {
  json: jsonFormat,
  lines: linesFormat as () => Format<unknown>,
  csv: csvFormat as () => Format<unknown>,
  raw: rawBytesFormat as () => Format<unknown>,
};

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
  if (typeof merged.format === 'string') {
    const format = FORMATS[merged.format];
    if (format === undefined) {
      throw new ConfigError(
        `kafka connector: 'format' must be one of ${Object.keys(FORMATS).join(', ')} or a format object, not '${merged.format}'.`,
      );
    }
    merged.format = format();
  }
  return merged as O;
}
