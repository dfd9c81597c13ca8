import type { ConnectorOptions } from './connector-registry';
import { namedFormat } from './formats/named-format';

/**
 * The options of a source or sink created by name: configuration's over the connector module's
 * defaults, with a `format` given by name ('json', 'lines', 'csv', 'raw') made that format. The
 * connector's own function (`kafkaSource`, `natsSink`, …) checks the result, naming any bad field.
 */
export function withModuleDefaults<O>(defaults: object, options: ConnectorOptions, where: string): O {
  const merged: Record<string, unknown> = { ...defaults, ...options };
  if (merged.format !== undefined) merged.format = namedFormat(merged.format, where);
  return merged as O;
}
