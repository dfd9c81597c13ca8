/**
 * The `weir` command line as a function: parses argv, runs the command, and turns every outcome
 * into an exit code and a message on stderr. main.ts calls it with the process's streams.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from './cli-io';
import { parseCommandLine } from './command-line';
import { CommandLineError } from './command-line-error';
import { infoCommand } from './commands/info';
import { cancelCommand } from './commands/cancel';
import { clusterCommand } from './commands/cluster';
import { jobManagerCommand, taskManagerCommand } from './commands/cluster-process';
import { listCommand } from './commands/list';
import { runCommand } from './commands/run';
import { savepointCommand, stopCommand } from './commands/savepoint';
import { formatError } from './error-report';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { commandHelp, mainHelp, type ClusterCommandName } from './usage';

/** Resolves to the exit code; never rejects. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const invocation = parseCommandLine(argv);
    switch (invocation.kind) {
      case 'help':
        io.stdout.write(invocation.command === undefined ? mainHelp() : commandHelp(invocation.command));
        return EXIT_OK;
      case 'version':
        io.stdout.write(`weir ${version()}\n`);
        return EXIT_OK;
      case 'run':
        return await runCommand(invocation, io);
      case 'info':
        return await infoCommand(invocation, io);
      case 'cluster':
        return await clusterCommandOf(invocation.command)(invocation.args, io);
    }
  } catch (error) {
    if (error instanceof CommandLineError) {
      io.stderr.write(`error: ${error.message}\n${error.usage === undefined ? '' : `\n${error.usage}\n`}`);
      return EXIT_USAGE;
    }
    io.stderr.write(formatError(error));
    return EXIT_FAILURE;
  }
}

type ClusterCommand = (args: readonly string[], io: CliIo) => Promise<number>;

function clusterCommandOf(command: ClusterCommandName): ClusterCommand {
  switch (command) {
    case 'list':
      return listCommand;
    case 'cancel':
      return cancelCommand;
    case 'cluster':
      return clusterCommand;
    case 'jobmanager':
      return jobManagerCommand;
    case 'taskmanager':
      return taskManagerCommand;
    case 'savepoint':
      return savepointCommand;
    case 'stop':
      return stopCommand;
  }
}

function version(): string {
  // From src/ (tests) and dist/ alike, the package.json is one directory up.
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
