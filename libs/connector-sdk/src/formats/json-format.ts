import { RecordError } from '@weir/common';
import { SKIP_RECORD, type TextFormat } from './format';

/**
 * Each record as one JSON value (JSON Lines in a file); blank text holds no record. The type is the
 * caller's word for what the JSON holds: give a `schemaFormat` to have each record checked.
 */
export function jsonFormat<T = unknown>(): TextFormat<T> {
  return JSON_FORMAT as TextFormat<T>;
}

const JSON_FORMAT: TextFormat<unknown> = {
  kind: 'text',
  name: 'JSON record',
  parse: (text) => (isBlank(text) ? SKIP_RECORD : JSON.parse(text)),
  format: (value) => {
    const text = JSON.stringify(value);
    if (text === undefined) throw new RecordError(`jsonFormat: ${String(value)} has no JSON form.`);
    return text;
  },
};

export function isBlank(text: string): boolean {
  // The cheap test first: a JSON value rarely starts with whitespace.
  return text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0);
}
