/**
 * Loads a JobBundle in this process and returns the job it defines: what the CLI does before it
 * builds the graph, and what every worker thread and TaskManager does to find the user's functions.
 * The bundle is compiled as a CommonJS module from memory; it is never written to disk or eval'd.
 */
import { JobDefinitionError } from '@weir/common';
import { isJobDefinition, type JobDefinition } from '@weir/core';
import { Module } from 'node:module';
import * as path from 'node:path';
import { displayJobFile } from './display-job-file';
import type { JobBundle } from './job-bundle';
import { capturePlan } from './plan-capture';

/** The parts of node:module's Module that compile a module from source; @types/node leaves them out. */
interface CompilableModule {
  filename: string;
  paths: string[];
  exports: unknown;
  require(id: string): unknown;
  _compile(code: string, filename: string): void;
}
type ModuleClass = typeof Module & { _nodeModulePaths(directory: string): string[] };

export function loadJobBundle(bundle: JobBundle): JobDefinition {
  if (bundle.program === true) return programDefinition(bundle);
  return jobDefinitionOf(compileBundle(bundle), displayJobFile(bundle.sourceFile));
}

/** A program as a job: each build runs the program again with a plan capture, and takes its graph. */
function programDefinition(bundle: JobBundle): JobDefinition {
  const shown = displayJobFile(bundle.sourceFile);
  return {
    kind: 'weir-job',
    name: path.basename(bundle.sourceFile).replace(/\.[cm]?[jt]s$/, ''),
    buildGraph(options) {
      const graph = capturePlan(options, () => compileBundle(bundle));
      if (graph === undefined) {
        throw new JobDefinitionError(
          `Program '${shown}' did not call execute() while it was loaded: a program submitted to a cluster must ` +
            'build its pipeline and call execute() without awaiting anything first.',
        );
      }
      return graph;
    },
  };
}

/** Compiles the bundle as a module in this process and returns its exports. */
function compileBundle(bundle: JobBundle): unknown {
  // The module gets a file name in this package's own directory, not the job file's: its
  // require('@weir/api') then resolves the way this process resolved @weir/runtime, to the Weir
  // packages installed with it. A job file may sit anywhere (a temp dir, a project without Weir
  // installed, another machine's path), and a second copy of a package would make the job's
  // classes (its KeyedProcessFunction, its windows) strangers to the runtime's instanceof checks.
  const filename = path.join(__dirname, `${path.basename(bundle.sourceFile)}.bundle.js`);
  const jobModule = new Module(filename) as unknown as CompilableModule;
  jobModule.filename = filename;
  jobModule.paths = (Module as ModuleClass)._nodeModulePaths(__dirname);
  const shown = displayJobFile(bundle.sourceFile);
  try {
    // The Weir packages first, while source maps are off: Node reads and parses the map of every
    // module compiled while they are on, and re-optimises its line counter again and again as it
    // does, a fifth of a worker thread's start-up. The bundle's own requires then find them loaded.
    for (const name of bundle.weirImports ?? []) jobModule.require(name);
    // User stack traces then point into the user's .ts file (through the bundle's inline source map);
    // this must happen before the module is compiled, when Node reads the map.
    process.setSourceMapsEnabled(true);
    jobModule._compile(bundle.code, filename);
  } catch (error) {
    throw new JobDefinitionError(`Job file '${shown}' failed while loading: ${describeError(error)}`, {
      cause: error,
    });
  }
  return jobModule.exports;
}

function jobDefinitionOf(exports: unknown, shown: string): JobDefinition {
  // `module.exports = defineJob(...)` in a CommonJS job file is as good as a default export.
  if (isJobDefinition(exports)) return exports;
  const defaultExport = (exports as { default?: unknown } | null | undefined)?.default;
  if (defaultExport === undefined) {
    throw new JobDefinitionError(
      `Job file '${shown}' has no default export; a job module ends with ` +
        "`export default defineJob({ name: 'my-job' }, (env, args) => { ... })`.",
    );
  }
  if (!isJobDefinition(defaultExport)) {
    throw new JobDefinitionError(
      `The default export of job file '${shown}' is ${describeExport(defaultExport)}: ` +
        "export `defineJob({ name: 'my-job' }, (env, args) => { ... })` from @weir/api.",
    );
  }
  return defaultExport;
}

function describeExport(value: unknown): string {
  if (typeof value === 'function') {
    return `a function (${value.name || 'anonymous'}), not a job; pass it to defineJob() as the build function`;
  }
  if (value === null) return 'null, not a job';
  if (Array.isArray(value)) return 'an array, not a job';
  return `${typeof value === 'object' ? 'an object' : `a ${typeof value} (${String(value)})`}, not a job`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
