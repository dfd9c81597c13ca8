import { ConfigError } from '@weir/common';
import { formatCsvLine, parseCsvLine } from './csv-line';
import { SKIP_RECORD, type TextFormat } from './format';
import { isBlank } from './json-format';
import type { Fields, RecordOfFields, RecordSchema } from './record-schema';

/** How a schema'd record is written: CSV columns in the schema's order, or a JSON object. */
export type SchemaEncoding = 'csv' | 'json';

/**
 * A format whose records have a schema: each record read is checked and converted field by field
 * (a malformed one is a RecordError naming the field), and each record written is checked the same
 * way. In CSV a line equal to the field names is the header and is skipped.
 */
export function schemaFormat<F extends Fields>(
  schema: RecordSchema<F>,
  encoding: SchemaEncoding,
): TextFormat<RecordOfFields<F>> {
  if (encoding === 'csv') {
    const header = schema.names;
    return {
      kind: 'text',
      name: 'CSV record',
      parse: (text) => {
        if (text.length === 0) return SKIP_RECORD;
        const fields = parseCsvLine(text);
        return isHeader(fields, header) ? SKIP_RECORD : schema.fromTexts(fields);
      },
      format: (record) => formatCsvLine(schema.toValues(record)),
    };
  }
  if (encoding === 'json') {
    return {
      kind: 'text',
      name: 'JSON record',
      parse: (text) => (isBlank(text) ? SKIP_RECORD : schema.fromObject(JSON.parse(text))),
      format: (record) => JSON.stringify(schema.toObject(record)),
    };
  }
  throw new ConfigError(`schemaFormat: the encoding must be 'csv' or 'json', not ${JSON.stringify(encoding)}.`);
}

function isHeader(fields: readonly string[], names: readonly string[]): boolean {
  if (fields[0] !== names[0] || fields.length !== names.length) return false;
  for (let i = 1; i < names.length; i++) if (fields[i] !== names[i]) return false;
  return true;
}
