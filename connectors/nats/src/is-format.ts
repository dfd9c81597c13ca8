import { isFormat } from '@weir/connector-sdk';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A `format` option must be one of the SDK's formats (jsonFormat(), linesFormat(), …). */
export function IsFormat(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFormat',
      validator: {
        validate: (value) => isFormat(value),
        defaultMessage: (args) =>
          `${args?.property} must be a format from @weir/connector-sdk (jsonFormat(), linesFormat(), rawBytesFormat(), …)`,
      },
    },
    options,
  );
}
