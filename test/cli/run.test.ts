/**
 * `weir run` end to end: the built CLI in a process of its own on small job files, checked by exit
 * code, stdout (the job's output) and stderr (weir's messages).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT, fixture, weir } from './weir-process';

const SUMMARY = /^Job '([\w-]+)' finished in \d+\.\d s: (\d+) records from sources, (\d+) to sinks\n$/;

describe('weir run', () => {
  let scratch: string;
  beforeAll(async () => {
    // Outside the repository: no node_modules above these job files.
    scratch = await mkdtemp(path.join(tmpdir(), 'weir-cli-'));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('runs a TypeScript job embedded, prints its output on stdout and a summary on stderr', async () => {
    const { code, stdout, stderr } = await weir(['run', fixture('word-lengths-job.ts'), '-p', '1']);
    expect(stdout).toBe(
      [
        "{ word: 'to', length: 2 }",
        "{ word: 'be', length: 2 }",
        "{ word: 'or', length: 2 }",
        "{ word: 'not', length: 3 }",
        "{ word: 'to', length: 4 }",
        "{ word: 'be', length: 4 }",
        '',
      ].join('\n'),
    );
    expect(stderr).toMatch(SUMMARY);
    expect(SUMMARY.exec(stderr)!.slice(1)).toEqual(['word-lengths', '6', '6']);
    expect(code).toBe(0);
  });

  it('hands the job arguments after the job file to its build function', async () => {
    const { code, stdout, stderr } = await weir([
      'run',
      fixture('word-lengths-job.ts'),
      '--words',
      'a bb a',
      '-p',
      '1',
      '--prefix=out',
    ]);
    expect(stdout).toBe(
      "out> { word: 'a', length: 1 }\nout> { word: 'bb', length: 2 }\nout> { word: 'a', length: 2 }\n",
    );
    expect(SUMMARY.exec(stderr)!.slice(1)).toEqual(['word-lengths', '3', '3']);
    expect(code).toBe(0);
  });

  it('runs a job file that sits outside any project with Weir installed', async () => {
    const file = path.join(scratch, 'standalone.ts');
    await writeFile(
      file,
      "import { defineJob } from '@weir/api';\n" +
        "export default defineJob({ name: 'standalone' }, (env) => { env.fromSequence(1, 3).map((n: number) => n * n).print(); });\n",
    );
    const { code, stdout, stderr } = await weir(['run', file, '-p', '1']);
    expect(stdout).toBe('1\n4\n9\n');
    expect(SUMMARY.exec(stderr)!.slice(1)).toEqual(['standalone', '3', '3']);
    expect(code).toBe(0);
  });

  it("fails with exit code 1 and the user's stack, pointing into the job's .ts file, when a user function throws", async () => {
    const { code, stdout, stderr } = await weir(['run', fixture('failing-map-job.ts'), '-p', '1']);
    expect(stdout).toBe('1\n2\n');
    const lines = stderr.split('\n');
    expect(lines[0]).toBe("error: Job 'failing-map' failed: TypeError: not a number: 'three' (in operator 'Parse')");
    expect(lines[1]).toBe("TypeError: not a number: 'three'");
    const file = path.join(ROOT, fixture('failing-map-job.ts'));
    expect(lines[2]).toBe(`    at parse (${file}:6:30)`);
    expect(lines[3]).toMatch(new RegExp(`^    at .*\\(${escape(file)}:13:\\d+\\)$`));
    expect(code).toBe(1);
  });

  it('fails with exit code 1 and a message, not a stack, when the job file has no default export', async () => {
    expect(await weir(['run', fixture('no-default-export-job.ts')])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr:
        `error: Job file '${fixture('no-default-export-job.ts')}' has no default export; a job module ends with ` +
        "`export default defineJob({ name: 'my-job' }, (env, args) => { ... })`.\n",
    });
  });

  it("names the call and the user's line when the job asks for parallelism 0", async () => {
    const { code, stdout, stderr } = await weir(['run', fixture('zero-parallelism-job.ts')]);
    expect(stderr).toMatch(/^error: Job 'zero-parallelism' could not be built: /);
    expect(stderr).toContain(`setParallelism() (called at ${fixture('zero-parallelism-job.ts')}:5)`);
    expect(stderr).toContain('the parallelism must be a whole number of at least 1, not 0');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
    expect(code).toBe(1);
  });

  it('names the operator when a key selector returns undefined, without a stack', async () => {
    const { code, stderr } = await weir(['run', fixture('undefined-key-job.ts'), '-p', '1']);
    expect(stderr).toMatch(/^error: Job 'undefined-key' failed: .*returned undefined/);
    expect(stderr).toContain("'KeyedProcess");
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(code).toBe(1);
  });

  it("shows esbuild's location of a syntax error", async () => {
    const file = path.join(scratch, 'broken.ts');
    await writeFile(
      file,
      "import { defineJob } from '@weir/api';\nexport default defineJob({ name: 'broken' }, (env) => {\n  env.fromElements(1,);\n  env.(;\n});\n",
    );
    const { code, stderr } = await weir(['run', file]);
    expect(stderr).toMatch(new RegExp(`^error: Job file '${escape(file)}' does not compile:\n`));
    expect(stderr).toMatch(/broken\.ts:4:6:/);
    expect(stderr).toContain('env.(;');
    expect(code).toBe(1);
  });

  it('exits with 2 and the usage on a bad command line', async () => {
    const bad = await weir(['run', fixture('word-lengths-job.ts'), '-p', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^error: -p \(the parallelism\) needs a whole number of at least 1, not 'abc'\.\n\nUsage: weir run /,
    );
    const missing = await weir(['run']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: missing the job file\.\n\nUsage: weir run /);
    const unknown = await weir(['launch', 'job.ts']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command 'launch'\.\n\nUsage: weir <command>/);
  });

  it('submits to the JobManager that WEIR_JOBMANAGER names, and exits with 1 when it is not there', async () => {
    const { code, stdout, stderr } = await weir(['run', fixture('word-lengths-job.ts')], {
      env: { WEIR_JOBMANAGER: 'http://127.0.0.1:59999' },
    });
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^error: Cannot reach the JobManager at http:\/\/127\.0\.0\.1:59999 \(ECONNREFUSED\); is it running\?/,
    );
    expect(code).toBe(1);
  });

  it('cancels the job on Ctrl-C and exits with 130', async () => {
    const { code, stdout, stderr } = await weir(['run', fixture('endless-job.ts')], {
      interruptOnStderr: 'endless: started\n',
    });
    expect(stderr).toMatch(
      /^endless: started\nJob 'endless' canceled \(interrupted\) after \d+\.\d s: [\d,]+ records from sources, 0 to sinks\n$/,
    );
    expect(stdout).toBe('');
    expect(code).toBe(130);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
