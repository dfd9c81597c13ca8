/**
 * What a worker thread of an embedded job does before it loads the job: `setUpWorker(options)` of
 * a module, awaited. The host that runs the job (the CLI) installs there what the job's build
 * function finds in its process, such as the connectors a job names.
 */
export interface WorkerSetup {
  /** An absolute path, or a package the runtime resolves. */
  readonly module: string;
  /** Handed to `setUpWorker`; copied to the thread, so plain data. */
  readonly options: unknown;
}

export async function runWorkerSetup(setup: WorkerSetup): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(setup.module) as { setUpWorker?: (options: unknown) => unknown };
  if (typeof loaded.setUpWorker !== 'function') {
    throw new TypeError(`The worker set-up module '${setup.module}' exports no setUpWorker function.`);
  }
  await loaded.setUpWorker(setup.options);
}
