import { formatCsvLine, parseCsvLine } from './csv-line';
import { SKIP_RECORD, type TextFormat } from './format';

/**
 * Each record as its CSV fields (RFC 4180, one record per line); an empty line holds no record.
 * Written fields are quoted where needed; null and undefined are written as empty fields.
 */
export function csvFormat(): TextFormat<string[]> {
  return CSV;
}

const CSV: TextFormat<string[]> = {
  kind: 'text',
  name: 'CSV record',
  parse: (text) => (text.length === 0 ? SKIP_RECORD : parseCsvLine(text)),
  format: (fields) => formatCsvLine(fields),
};
