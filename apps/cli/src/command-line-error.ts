import { WeirError } from '@weir/common';

/**
 * The command line itself is wrong (an unknown command, a bad flag, a missing job file) or asks for
 * something this version cannot do: `weir` exits with code 2, as shells expect for usage errors,
 * and shows `usage` when there is one to show.
 */
export class CommandLineError extends WeirError {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}
