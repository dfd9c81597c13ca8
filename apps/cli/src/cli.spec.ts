import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from './cli';
import type { CliIo } from './cli-io';

async function weir(line: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stream = (chunks: string[]) =>
    ({ write: (chunk: string) => chunks.push(chunk) > 0 }) as unknown as CliIo['stdout'];
  const code = await runCli(line === '' ? [] : line.split(' '), { stdout: stream(out), stderr: stream(err), env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const RUN_USAGE =
  'Usage: weir run <job.ts|job.js> [job args…] [-p N] [--jobmanager URL] [--from-savepoint NAME] [--detached]\n' +
  "Run 'weir run --help' for more.\n";

describe('runCli', () => {
  it('prints the help on stdout', async () => {
    expect(await weir('--help')).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'weir: a distributed stream processor for TypeScript',
        '',
        'Usage: weir <command> [options]',
        '',
        'Commands:',
        '  run          Run a job: embedded in this process, or on a cluster when a JobManager is configured',
        "  info         Print a job's plan: its operators, how they are chained, their parallelism",
        '',
        'Cluster commands:',
        "  list         List the cluster's jobs",
        '  cancel       Cancel a job',
        '  savepoint    Take a savepoint of a running job',
        '  stop         Stop a job with a final savepoint',
        "  cluster      Start or stop a local cluster on this machine's NATS and Redis",
        "  jobmanager   Start a cluster's JobManager process (what its container runs)",
        "  taskmanager  Start a cluster's TaskManager process (what its container runs)",
        "  (cluster mode is not available yet; for now jobs run embedded, in this process, with 'weir run <job.ts>')",
        '',
        'Options:',
        '  -h, --help     Show this help',
        "  -V, --version  Show weir's version",
        '',
        "Run 'weir <command> --help' for a command's options.",
        '',
      ].join('\n'),
    });
  });

  it("prints a command's help", async () => {
    const { code, stdout } = await weir('info --help');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'Usage: weir info <job.ts|job.js> [job args…] [-p N] [--json | --dot]',
        '',
        "Print a job's plan: its operators, how they are chained, their parallelism.",
        '',
        'Options:',
        "  -p, --parallelism N  The job's default parallelism (the job's own setParallelism() still wins)",
        '      --json           The plan as JSON: { jobName, parallelism, maxParallelism, vertices, edges }',
        '      --dot            The plan as a Graphviz digraph (weir info job.ts --dot | dot -Tsvg > plan.svg)',
        '  -h, --help           Show this help',
        '',
        'Job arguments are --name value (or --name=value) pairs after the job file, handed to the',
        "job's build function as `args`: every option after the job file that weir does not know is one.",
        "After a lone '--' every option is a job argument, even one weir knows.",
        '',
      ].join('\n'),
    );
    expect((await weir('cluster --help')).stdout).toBe(
      [
        'Usage: weir cluster up [--taskmanagers N]',
        '       weir cluster down',
        '',
        "Start or stop a local cluster on this machine's NATS and Redis.",
        "A cluster command: cluster mode is not available yet; for now jobs run embedded, in this process, with 'weir run <job.ts>'.",
        '',
        'Options:',
        '  -h, --help  Show this help',
        '',
      ].join('\n'),
    );
  });

  it('prints the version of the package', async () => {
    const manifest = readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8');
    const { version } = JSON.parse(manifest) as { version: string };
    expect(await weir('--version')).toEqual({ code: 0, stdout: `weir ${version}\n`, stderr: '' });
  });

  it('exits with 2 and the usage on a bad command line', async () => {
    expect(await weir('run job.ts -p 0')).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: -p (the parallelism) needs a whole number of at least 1, not '0'.\n\n${RUN_USAGE}`,
    });
  });

  it('exits with 2 and one shared message for every cluster command', async () => {
    for (const command of ['list', 'cancel', 'savepoint', 'stop', 'cluster', 'jobmanager', 'taskmanager']) {
      expect(await weir(`${command} 1`)).toEqual({
        code: 2,
        stdout: '',
        stderr:
          `error: 'weir ${command}' is a cluster command: cluster mode is not available yet; for now jobs run ` +
          "embedded, in this process, with 'weir run <job.ts>'.\n",
      });
    }
  });

  it.each([
    [
      'run job.ts --jobmanager nats://jm:4222',
      {},
      'not available in embedded mode yet: --jobmanager nats://jm:4222 (submitting the job to a cluster). ' +
        'Drop --jobmanager to run the job embedded.',
    ],
    [
      'run job.ts',
      { WEIR_JOBMANAGER: 'nats://jm:4222' },
      'not available in embedded mode yet: WEIR_JOBMANAGER=nats://jm:4222 (submitting the job to a cluster). ' +
        'Unset WEIR_JOBMANAGER to run the job embedded.',
    ],
    [
      'run job.ts --from-savepoint nightly',
      {},
      'not available in embedded mode yet: --from-savepoint nightly (savepoints come with the cluster). ' +
        'Drop the option to start the job from scratch.',
    ],
    [
      'run job.ts --detached',
      {},
      'not available in embedded mode yet: --detached (an embedded job lives in this process and ends with it). ' +
        'Drop the option.',
    ],
  ])('refuses what needs a cluster with exit code 2, before loading the job: %s', async (line, env, message) => {
    expect(await weir(line, env)).toEqual({ code: 2, stdout: '', stderr: `error: ${message}\n` });
  });

  it('exits with 1 when the job file cannot be loaded', async () => {
    const missing = path.join(__dirname, 'no-such-job.ts');
    expect(await weir(`info ${missing}`)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: Job file '${path.relative(process.cwd(), missing)}' does not exist (looked for ${missing}); check the path.\n`,
    });
  });
});
