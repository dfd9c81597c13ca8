import { parseArgs } from 'node:util';
import { CommandLineError } from '../command-line-error';

export interface CommandArgsSpec {
  /** How many positional arguments, and what they are called in an error ('a job id'). */
  readonly positionals: { readonly min: number; readonly max: number; readonly what: string };
  /** Flags besides --jobmanager: a boolean flag, or one that takes a value. */
  readonly flags?: Readonly<Record<string, 'boolean' | 'string'>>;
}

export interface CommandArgs {
  values: { jobmanager?: string } & Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** `--jobmanager URL`, the command's own flags and its positionals, or a CommandLineError naming what is wrong. */
export function parseCommandArgs(command: string, args: readonly string[], spec: CommandArgsSpec): CommandArgs {
  const flags = Object.fromEntries(Object.entries(spec.flags ?? {}).map(([name, type]) => [name, { type }]));
  const { min, max, what } = spec.positionals;
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { jobmanager: { type: 'string' }, ...flags },
      allowPositionals: true,
    });
    if (positionals.length > max) throw new Error(`unexpected argument '${positionals[max]}'`);
    if (positionals.length < min) throw new Error(`expected ${what}`);
    return { values: values as CommandArgs['values'], positionals };
  } catch (error) {
    throw new CommandLineError(`weir ${command}: ${(error as Error).message}.`);
  }
}

/** A job id and nothing else. */
export const JOB_ID: CommandArgsSpec = { positionals: { min: 1, max: 1, what: 'a job id' } };
/** No positional arguments. */
export const NO_ARGUMENTS: CommandArgsSpec = { positionals: { min: 0, max: 0, what: 'nothing' } };
