import { JobDefinitionError } from '@weir/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleJobFile } from './bundle-job-file';
import { loadJobBundle } from './load-job-bundle';

// Outside the repository on purpose: no node_modules above the job file, so @weir packages can only
// resolve through the runtime's own location.
const dir = mkdtempSync(path.join(tmpdir(), 'weir-job-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function jobFile(name: string, code: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, code);
  return file;
}

async function load(file: string) {
  return loadJobBundle(await bundleJobFile(file));
}

async function failure(action: () => Promise<unknown>): Promise<JobDefinitionError> {
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JobDefinitionError);
  return error as JobDefinitionError;
}

jobFile('helper.ts', 'export function twice(n: number): number {\n  return n * 2;\n}\n');
jobFile(
  'thrower.ts',
  ['export function explode(): never {', "  throw new RangeError('exploded');", '}', ''].join('\n'),
);

describe('bundleJobFile and loadJobBundle', () => {
  it('bundles a TypeScript job with its relative imports and resolves @weir packages from the runtime', async () => {
    const file = jobFile(
      'good.ts',
      [
        "import { StreamGraph, defaultExecutionConfig, type JobBuildOptions } from '@weir/core';",
        "import { twice } from './helper';",
        'interface Unused { a: number }',
        'export default {',
        "  kind: 'weir-job' as const,",
        "  name: 'good',",
        '  buildGraph: (o: JobBuildOptions) =>',
        "    new StreamGraph('good-' + twice(Number(o.args.n)), defaultExecutionConfig(o.parallelism ?? 1), o.args),",
        '};',
        '',
      ].join('\n'),
    );
    const bundle = await bundleJobFile(file);
    expect(bundle.sourceFile).toBe(file);
    expect(bundle.code).not.toContain('interface Unused');
    expect(bundle.code).toContain('require("@weir/core")');
    expect(bundle.code).toContain('//# sourceMappingURL=data:application/json;base64,');

    const job = loadJobBundle(bundle);
    expect(job.name).toBe('good');
    const graph = job.buildGraph({ args: { n: '21' }, parallelism: 3 });
    expect(graph.jobName).toBe('good-42');
    expect(graph.config.parallelism).toBe(3);
    expect(graph.jobParameters).toEqual({ n: '21' });
  });

  it("carries a source map that points at the user's .ts files by absolute URL", async () => {
    // Jest replaces Node's stack trace mapping, so the mapped stacks themselves are checked by the CLI's
    // end-to-end tests; here, that the map would be found from any file name the bundle is compiled under.
    const file = jobFile('stack.ts', "import { explode } from './thrower';\nexport default explode;\n");
    const { code } = await bundleJobFile(file);
    const map = JSON.parse(Buffer.from(/base64,(\S+)\s*$/.exec(code)![1], 'base64').toString()) as {
      sourceRoot: string;
      sources: string[];
    };
    const sources = map.sources.map((s) => fileURLToPath(new URL(map.sourceRoot + s)));
    expect(sources.sort()).toEqual([path.join(dir, 'stack.ts'), path.join(dir, 'thrower.ts')]);
  });

  it('loads the @weir packages the bundle imports before it turns source maps on for the bundle', async () => {
    const file = jobFile(
      'imports.ts',
      [
        "import { defaultExecutionConfig, StreamGraph } from '@weir/core';",
        "import { ConfigError } from '@weir/common';",
        "export default { kind: 'weir-job' as const, name: String(ConfigError.name), buildGraph: () =>",
        "  new StreamGraph('g', defaultExecutionConfig(1), {}) };",
        '',
      ].join('\n'),
    );
    const bundle = await bundleJobFile(file);
    expect(bundle.weirImports).toEqual(['@weir/core', '@weir/common']);

    const required = jest.spyOn(Module.prototype, 'require');
    const enabled = jest.spyOn(process, 'setSourceMapsEnabled');
    try {
      expect(loadJobBundle(bundle).name).toBe('ConfigError');
      const order = (id: string) => required.mock.invocationCallOrder[required.mock.calls.findIndex(([c]) => c === id)];
      const sourceMapsOn = enabled.mock.invocationCallOrder[0];
      expect(order('@weir/core')).toBeLessThan(order('@weir/common'));
      expect(order('@weir/common')).toBeLessThan(sourceMapsOn);
    } finally {
      required.mockRestore();
      enabled.mockRestore();
    }
  });

  it('accepts a CommonJS module whose exports are the job', async () => {
    const file = jobFile('cjs.js', "module.exports = { kind: 'weir-job', name: 'cjs', buildGraph() {} };\n");
    expect((await load(file)).name).toBe('cjs');
  });

  it('names a missing job file', async () => {
    const missing = path.join(dir, 'missing.ts');
    const error = await failure(() => bundleJobFile(missing));
    expect(error.message).toBe(`Job file '${missing}' does not exist (looked for ${missing}); check the path.`);
  });

  it('refuses a directory', async () => {
    const error = await failure(() => bundleJobFile(dir));
    expect(error.message).toBe(`Job file '${dir}' is not a file; give the path of the job's .ts or .js module.`);
  });

  it("reports a syntax error with esbuild's location and code line", async () => {
    const file = jobFile('syntax.ts', 'const a = 1;\nexport default {\n  name: "x" +,\n};\n');
    const error = await failure(() => bundleJobFile(file));
    expect(error.message).toMatch(new RegExp(`^Job file '${escape(file)}' does not compile:\n`));
    expect(error.message).toContain('Unexpected ","');
    expect(error.message).toMatch(/syntax\.ts:3:13:/);
    expect(error.message).toContain('name: "x" +,');
  });

  it('reports an import that does not resolve', async () => {
    const file = jobFile('unresolved.ts', "import { x } from './nowhere';\nexport default x;\n");
    const error = await failure(() => bundleJobFile(file));
    expect(error.message).toContain('Could not resolve "./nowhere"');
    expect(error.message).toMatch(/unresolved\.ts:1:18:/);
  });

  it('reports a module that throws while loading, with the error as cause', async () => {
    const file = jobFile('throws.ts', "import { explode } from './thrower';\nexplode();\nexport default 1;\n");
    const error = await failure(() => load(file));
    expect(error.message).toBe(`Job file '${file}' failed while loading: RangeError: exploded`);
    expect((error.cause as Error).message).toBe('exploded');
  });

  it('reports a module without a default export', async () => {
    const file = jobFile('no-default.ts', 'export const job = 1;\n');
    const error = await failure(() => load(file));
    expect(error.message).toBe(
      `Job file '${file}' has no default export; a job module ends with ` +
        "`export default defineJob({ name: 'my-job' }, (env, args) => { ... })`.",
    );
  });

  it.each([
    [
      'export default function build() {}',
      'a function (build), not a job; pass it to defineJob() as the build function',
    ],
    ["export default { name: 'x' };", 'an object, not a job'],
    ["export default 'job';", 'a string (job), not a job'],
    ['export default null;', 'null, not a job'],
  ])('reports a default export that is not a job: %s', async (code, description) => {
    const file = jobFile('not-a-job.ts', `${code}\n`);
    const error = await failure(() => load(file));
    expect(error.message).toBe(
      `The default export of job file '${file}' is ${description}: ` +
        "export `defineJob({ name: 'my-job' }, (env, args) => { ... })` from @weir/api.",
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
