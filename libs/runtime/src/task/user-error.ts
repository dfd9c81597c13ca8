import { UserFunctionError, WeirError } from '@weir/common';

/** Errors from user code get the operator's name attached; Weir's own errors already say where. */
export function attributeError(error: unknown, operatorName: string): unknown {
  return error instanceof WeirError ? error : new UserFunctionError(operatorName, error);
}
