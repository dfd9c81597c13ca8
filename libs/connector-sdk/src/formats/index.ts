export * from './format';
export { linesFormat } from './lines-format';
export { jsonFormat } from './json-format';
export { csvFormat } from './csv-format';
export { rawBytesFormat } from './raw-bytes-format';
export * from './record-schema';
export * from './schema-format';
export { parseCsvLine, formatCsvLine } from './csv-line';
export { namedFormat } from './named-format';
