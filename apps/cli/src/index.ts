/** @weir/cli: the `weir` command line, also callable in-process (`runCli(argv, io)` resolves to the exit code). */
export { runCli } from './cli';
export type { CliIo } from './cli-io';
