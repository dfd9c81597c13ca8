import { ValidateBy, type ValidationOptions } from 'class-validator';

/** class-validator has no check for a function-valued option (a row mapper, a key selector). */
export function IsFunction(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFunction',
      validator: {
        validate: (value) => typeof value === 'function',
        defaultMessage: (args) => `${args?.property} must be a function`,
      },
    },
    options,
  );
}
