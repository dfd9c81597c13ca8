/**
 * Parses weir's argv into an Invocation. Hand-written rather than node:util's parseArgs because of
 * job arguments: after the job file, any option weir does not know is the job's own `--name value`
 * pair, which a strict parser would refuse and a lenient one would misread as a boolean.
 */
import { CommandLineError } from './command-line-error';
import {
  HELP_OPTION,
  VERSION_OPTION,
  isClusterCommand,
  isCommandName,
  optionsOf,
  shortUsage,
  type ClusterCommandName,
  type CommandName,
  type JobCommandName,
  type OptionSpec,
} from './usage';

/** A job file and what to build it with: the part of `run` and `info` that is the same. */
export interface JobInvocation {
  readonly file: string;
  readonly args: Readonly<Record<string, string>>;
  /** `-p N`; undefined leaves the default to the job (or to the machine's cores). */
  readonly parallelism: number | undefined;
  /** `--connectors` and `--connectors-from` as given, for the connectors the job may name (job-connectors.ts). */
  readonly connectorFlags: readonly string[];
}

export type PlanFormat = 'text' | 'json' | 'dot';

export type Invocation =
  | { readonly kind: 'help'; readonly command: CommandName | undefined }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      readonly job: JobInvocation;
      readonly jobManager: string | undefined;
      readonly fromSavepoint: string | undefined;
      readonly allowNonRestoredState: boolean;
      readonly detached: boolean;
    }
  | { readonly kind: 'info'; readonly job: JobInvocation; readonly format: PlanFormat }
  /** A cluster command with the arguments after it, which the command parses itself. */
  | { readonly kind: 'cluster'; readonly command: ClusterCommandName; readonly args: readonly string[] };

/** Throws a CommandLineError (with the usage to show) for anything it cannot make sense of. */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) throw new CommandLineError('no command given.', shortUsage(undefined));
  if (isOption(first, HELP_OPTION)) return { kind: 'help', command: undefined };
  if (isOption(first, VERSION_OPTION)) return { kind: 'version' };
  if (first === 'help') return { kind: 'help', command: rest.length === 0 ? undefined : commandNamed(rest[0]) };
  if (first.startsWith('-')) throw new CommandLineError(`unknown option '${first}'.`, shortUsage(undefined));
  const command = commandNamed(first);
  const beforeJobArguments = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeJobArguments.some((token) => isOption(token, HELP_OPTION))) return { kind: 'help', command };
  if (isClusterCommand(command)) return { kind: 'cluster', command, args: rest };
  return command === 'run' ? parseRun(rest) : parseInfo(rest);
}

function parseRun(tokens: readonly string[]): Invocation {
  const { job, options } = parseJobCommand('run', tokens);
  return {
    kind: 'run',
    job,
    jobManager: stringOption(options, '--jobmanager'),
    fromSavepoint: stringOption(options, '--from-savepoint'),
    allowNonRestoredState: options.has('--allow-non-restored-state'),
    detached: options.has('--detached'),
  };
}

function parseInfo(tokens: readonly string[]): Invocation {
  const { job, options } = parseJobCommand('info', tokens);
  if (options.has('--json') && options.has('--dot')) throw usageError('info', '--json and --dot exclude each other.');
  return { kind: 'info', job, format: options.has('--json') ? 'json' : options.has('--dot') ? 'dot' : 'text' };
}

/** The job file, the job's arguments, and weir's own options (by long flag) in any order around them. */
function parseJobCommand(
  command: JobCommandName,
  tokens: readonly string[],
): { job: JobInvocation; options: Map<string, string | true> } {
  const specs = optionsOf(command);
  const options = new Map<string, string | true>();
  const args: Record<string, string> = {};
  let file: string | undefined;
  let onlyJobArguments = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '--' && !onlyJobArguments) {
      if (file === undefined) throw usageError(command, "'--' must come after the job file.");
      onlyJobArguments = true;
      continue;
    }
    if (!token.startsWith('-') || token === '-') {
      if (file !== undefined) {
        throw usageError(command, `unexpected argument '${token}'; job arguments are --name value pairs.`);
      }
      file = token;
      continue;
    }
    const equals = token.indexOf('=');
    const flag = equals < 0 ? token : token.slice(0, equals);
    const inlineValue = equals < 0 ? undefined : token.slice(equals + 1);
    const spec = onlyJobArguments ? undefined : specs.find((s) => s.flag === flag || s.short === flag);
    if (spec === undefined && file === undefined) {
      throw usageError(
        command,
        `unknown option '${flag}' for 'weir ${command}' (job arguments go after the job file).`,
      );
    }
    if (spec !== undefined && spec.value === undefined) {
      if (inlineValue !== undefined) throw usageError(command, `option ${flag} takes no value.`);
      options.set(spec.flag, true);
      continue;
    }
    let value = inlineValue;
    if (value === undefined && i + 1 < tokens.length && !tokens[i + 1].startsWith('--')) value = tokens[++i];
    if (spec !== undefined) {
      if (value === undefined) throw usageError(command, `option ${flag} needs a value (${spec.value}).`);
      options.set(spec.flag, value);
      continue;
    }
    const name = flag.replace(/^--?/, '');
    if (name === '') throw usageError(command, `'${token}' is not a job argument; they are --name value pairs.`);
    if (value === undefined) {
      throw usageError(command, `job argument ${flag} needs a value; job arguments are --name value pairs.`);
    }
    args[name] = value;
  }
  if (file === undefined) throw usageError(command, 'missing the job file.');
  const parallelism = stringOption(options, '--parallelism');
  const connectorFlags = ['--connectors', '--connectors-from'].flatMap((flag) => {
    const value = stringOption(options, flag);
    return value === undefined ? [] : [flag, value];
  });
  return {
    job: {
      file,
      args,
      parallelism: parallelism === undefined ? undefined : parseParallelism(command, parallelism),
      connectorFlags,
    },
    options,
  };
}

function parseParallelism(command: CommandName, value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw usageError(command, `-p (the parallelism) needs a whole number of at least 1, not '${value}'.`);
  }
  return n;
}

function stringOption(options: Map<string, string | true>, flag: string): string | undefined {
  const value = options.get(flag);
  return typeof value === 'string' ? value : undefined;
}

function commandNamed(name: string): CommandName {
  if (!isCommandName(name)) throw new CommandLineError(`unknown command '${name}'.`, shortUsage(undefined));
  return name;
}

function isOption(token: string, option: OptionSpec): boolean {
  return token === option.flag || token === option.short;
}

function usageError(command: CommandName, message: string): CommandLineError {
  return new CommandLineError(message, shortUsage(command));
}
