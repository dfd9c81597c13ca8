import * as errors from '@weir/common';

/** An error as plain data, to cross a thread or process boundary with its cause chain. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
  operatorName?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    cause: error.cause !== undefined ? serializeError(error.cause) : undefined,
    operatorName: error instanceof errors.UserFunctionError ? error.operatorName : undefined,
  };
}

/** Rebuilds the error, as an instance of the Weir error class of the same name where there is one. */
export function deserializeError(data: SerializedError): Error {
  const cause = data.cause !== undefined ? deserializeError(data.cause) : undefined;
  const WeirClass = (errors as Record<string, unknown>)[data.name];
  let error: Error;
  if (data.name === 'UserFunctionError' && data.operatorName !== undefined) {
    error = new errors.UserFunctionError(data.operatorName, cause);
  } else if (typeof WeirClass === 'function' && WeirClass.prototype instanceof Error) {
    error = new (WeirClass as new (m: string, o?: { cause?: unknown }) => Error)(data.message, { cause });
  } else {
    error = new Error(data.message, { cause });
    error.name = data.name;
  }
  error.message = data.message;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
