/**
 * Turns a job file (TypeScript or JavaScript) and everything it imports into one JobBundle, the
 * unit the client ships to worker threads and TaskManagers (DESIGN.md §2, step 3). esbuild does
 * the work: it compiles TypeScript directly (no type check, so `weir run job.ts` needs no build
 * step) and reports syntax errors with their location.
 */
import { JobDefinitionError } from '@weir/common';
import { build, formatMessages, type Message, type Metafile } from 'esbuild';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobBundle } from './job-bundle';
import { displayJobFile } from './display-job-file';

/**
 * Bundles `file` with its imports into one CommonJS module; `@weir/*` and node builtins stay imports.
 * `program`: the file is a program that calls `execute()` itself, not a job module (plan-capture.ts).
 */
export async function bundleJobFile(file: string, options: { program?: boolean } = {}): Promise<JobBundle> {
  const sourceFile = path.resolve(file);
  await checkIsFile(sourceFile);
  const directory = path.dirname(sourceFile);
  const result = await build({
    entryPoints: [sourceFile],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Each process resolves these from its own installation (see load-job-bundle.ts), so the
    // classes a job extends are the very ones the runtime checks and calls.
    external: ['@weir/*'],
    // Bundling may rename clashing top-level names; keep the user's class and function names,
    // which error messages and describeValue() show.
    keepNames: true,
    sourcemap: 'inline',
    // Stack traces need only the mappings; the user's source stays on the user's disk.
    sourcesContent: false,
    // The bundle is compiled under another file name (load-job-bundle.ts), so map sources must be
    // absolute: they are relative to `outfile`, and `sourceRoot` anchors them at the job's directory.
    outfile: `${sourceFile}.bundle.js`,
    sourceRoot: `${pathToFileURL(directory).href}/`,
    logLevel: 'silent',
    metafile: true,
  }).catch(async (error: unknown) => {
    throw await compileError(sourceFile, error);
  });
  // One output file: the source map is inline.
  return {
    code: result.outputFiles[0].text,
    sourceFile,
    ...(options.program === true ? { program: true } : {}),
    weirImports: weirImportsOf(result.metafile),
  };
}

/** The external `@weir/*` packages the bundle requires, each once, in the order it requires them. */
function weirImportsOf(metafile: Metafile): string[] {
  const imports = Object.values(metafile.outputs).flatMap((output) => output.imports);
  return [...new Set(imports.filter((i) => i.external && i.path.startsWith('@weir/')).map((i) => i.path))];
}

async function checkIsFile(sourceFile: string): Promise<void> {
  const stats = await stat(sourceFile).catch(() => undefined);
  if (stats === undefined) {
    throw new JobDefinitionError(
      `Job file '${displayJobFile(sourceFile)}' does not exist (looked for ${sourceFile}); check the path.`,
    );
  }
  if (!stats.isFile()) {
    throw new JobDefinitionError(
      `Job file '${displayJobFile(sourceFile)}' is not a file; give the path of the job's .ts or .js module.`,
    );
  }
}

/** esbuild's failure as a JobDefinitionError that shows each error with its file, line and code. */
async function compileError(sourceFile: string, error: unknown): Promise<JobDefinitionError> {
  const errors = (error as { errors?: Message[] }).errors;
  const shown = errors?.length ? await formatMessages(errors, { kind: 'error', color: false }) : [];
  const details = shown.length > 0 ? shown.join('').trimEnd() : String(error);
  // Not attached as cause: esbuild's own stack says nothing the formatted messages do not.
  return new JobDefinitionError(`Job file '${displayJobFile(sourceFile)}' does not compile:\n${details}`);
}
