import { ConfigError } from '@weir/common';
import type { Format } from './format';
import { csvFormat } from './csv-format';
import { jsonFormat } from './json-format';
import { linesFormat } from './lines-format';
import { rawBytesFormat } from './raw-bytes-format';

const NAMED: Record<string, () => Format<unknown>> = {
  json: jsonFormat,
  lines: linesFormat as () => Format<unknown>,
  csv: csvFormat as () => Format<unknown>,
  raw: rawBytesFormat as () => Format<unknown>,
};

/**
 * A `format` option as configuration writes it: a name ('json', 'lines', 'csv', 'raw') becomes
 * that format; anything else is returned as it is, for the connector to check.
 */
export function namedFormat(value: unknown, where: string): unknown {
  if (typeof value !== 'string') return value;
  const format = NAMED[value];
  if (format === undefined) {
    throw new ConfigError(
      `${where}: 'format' must be one of ${Object.keys(NAMED).join(', ')} or a format object, not '${value}'.`,
    );
  }
  return format();
}
