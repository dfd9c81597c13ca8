/**
 * How `weir` shows an error on stderr. A Weir error already says what is wrong and where (the
 * operator, the user's file and line), so a stack trace through Weir's internals would only bury
 * that; but when the user's own code threw, its stack (mapped to the user's .ts file) is what the
 * user needs, so it is shown, with whatever that error was caused by. A RuntimeFailure is Weir's own
 * bug, and its stack is what a bug report needs.
 */
import { RuntimeFailure, WeirError } from '@weir/common';

export function formatError(error: unknown): string {
  // Weir's wrappers each carry what they wrap in their message: skip to the first error that does not.
  let withStack: unknown = error;
  while (withStack instanceof WeirError && !(withStack instanceof RuntimeFailure)) withStack = withStack.cause;
  const lines = withStack === error ? [] : [`error: ${(error as Error).message}`];
  let prefix = withStack === error ? 'error: ' : '';
  for (let e = withStack; e !== undefined; e = e instanceof Error ? e.cause : undefined) {
    lines.push(prefix + (e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e)));
    prefix = 'Caused by: ';
  }
  return lines.join('\n') + '\n';
}
