import type { TextFormat } from './format';

/** Each line as a string, as it is (a blank line too). Written as it is: a value must not hold a line break. */
export function linesFormat(): TextFormat<string> {
  return LINES;
}

const LINES: TextFormat<string> = {
  kind: 'text',
  name: 'line',
  parse: (text) => text,
  format: (value) => (typeof value === 'string' ? value : String(value)),
};
