/**
 * `weir jobmanager` and `weir taskmanager`: one process of a cluster in this process, with its
 * settings from flags, environment and config file. Each runs until SIGINT or SIGTERM.
 */
import type { CliIo } from '../cli-io';
import { EXIT_OK } from '../exit-codes';

export async function jobManagerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { startJobManager } = await import('@weir/jobmanager');
  const { app, url } = await startJobManager({ argv: args, env: io.env });
  io.stderr.write(`JobManager listening on ${url}\n`);
  await untilStopped(() => app.close());
  return EXIT_OK;
}

export async function taskManagerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { startTaskManager } = await import('@weir/taskmanager');
  const { app, tmId } = await startTaskManager({ argv: args, env: io.env });
  io.stderr.write(`TaskManager ${tmId} running\n`);
  await untilStopped(() => app.close());
  return EXIT_OK;
}

function untilStopped(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
