import { csvFormat, isFormat, jsonFormat, linesFormat, type TextFormat } from '@weir/connector-sdk';
import { ValidateBy } from 'class-validator';

/** The formats a file source and sink know by name. */
export type FileFormatName = 'lines' | 'csv' | 'jsonl';

/** A format by name, or any text format of the SDK (a `schemaFormat`, say): one record per line. */
export type FileFormat<T = unknown> = FileFormatName | TextFormat<T>;

export const FILE_FORMAT_NAMES: readonly FileFormatName[] = ['lines', 'csv', 'jsonl'];

/** The text format a file format stands for. */
export function textFormatOf(format: FileFormat): TextFormat<unknown> {
  if (typeof format !== 'string') return format;
  switch (format) {
    case 'lines':
      return linesFormat();
    case 'csv':
      return csvFormat();
    case 'jsonl':
      return jsonFormat();
  }
}

/** class-validator: a format name, or a text format object. */
export function IsFileFormat(): PropertyDecorator {
  return ValidateBy({
    name: 'isFileFormat',
    validator: {
      validate: (value) => FILE_FORMAT_NAMES.includes(value) || (isFormat(value) && value.kind === 'text'),
      defaultMessage: () =>
        `$property must be one of ${FILE_FORMAT_NAMES.join(', ')}, or a text format from @weir/connector-sdk`,
    },
  });
}
