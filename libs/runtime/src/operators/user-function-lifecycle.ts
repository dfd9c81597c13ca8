import type { RichFunction } from '@weir/core';
import type { OperatorContext } from './operator-context';
import { StreamingRuntimeContext } from './streaming-runtime-context';

/*
 * The lifecycle of the user function an operator wraps: `open` with a RuntimeContext before the first
 * record, `close` at the end (on success and on failure). Plain objects without these methods are fine.
 */

export function openUserFunction(fn: RichFunction, ctx: OperatorContext): void {
  fn.open?.(new StreamingRuntimeContext(ctx));
}

export function closeUserFunction(fn: RichFunction): void {
  fn.close?.();
}
