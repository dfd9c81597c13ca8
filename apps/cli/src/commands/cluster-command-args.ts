import { parseArgs } from 'node:util';
import { CommandLineError } from '../command-line-error';

/** `--jobmanager URL` and `count` positional arguments, or a CommandLineError naming what is wrong. */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  count: number,
): { values: { jobmanager?: string }; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { jobmanager: { type: 'string' } },
      allowPositionals: true,
    });
    if (positionals.length !== count) {
      throw new Error(count === 0 ? `unexpected argument '${positionals[0]}'` : 'expected a job id');
    }
    return { values, positionals };
  } catch (error) {
    throw new CommandLineError(`weir ${command}: ${(error as Error).message}.`);
  }
}
