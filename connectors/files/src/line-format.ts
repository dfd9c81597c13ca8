import { parseCsvLine } from '@weir/connector-sdk';

/** How a file source turns each line into a record. */
export type FileFormat = 'lines' | 'csv' | 'jsonl';

export const FILE_FORMATS: readonly FileFormat[] = ['lines', 'csv', 'jsonl'];

/** What a parser returns for a line that holds no record (a blank line in CSV or JSON Lines). */
export const SKIP_LINE: unique symbol = Symbol('skip line');

/** Turns a line (without its line break) into a record, or throws when the line is malformed. */
export type LineParser<T> = (line: string) => T | typeof SKIP_LINE;

export interface LineFormat<T> {
  readonly parse: LineParser<T>;
  /** Names the format in an error: "malformed <name> at …". */
  readonly name: string;
}

const asLine: LineParser<string> = (line) => line;

const asCsv: LineParser<string[]> = (line) => (line.length === 0 ? SKIP_LINE : parseCsvLine(line));

const asJson: LineParser<unknown> = (line) => (isBlank(line) ? SKIP_LINE : JSON.parse(line));

export function lineFormat(format: FileFormat): LineFormat<unknown> {
  switch (format) {
    case 'lines':
      return { parse: asLine, name: 'line' };
    case 'csv':
      return { parse: asCsv, name: 'CSV record' };
    case 'jsonl':
      return { parse: asJson, name: 'JSON line' };
  }
}

function isBlank(line: string): boolean {
  // The cheap test first: a JSON value rarely starts with whitespace.
  return line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim().length === 0);
}
