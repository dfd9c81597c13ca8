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
  'Usage: weir run <job.ts|job.js> [job args…] [-p N] [--jobmanager URL] [--from-savepoint PATH|NAME] [--allow-non-restored-state] [--detached] [--connectors PACKAGES]\n' +
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
        "  list         List the cluster's jobs, or a job's checkpoints",
        '  cancel       Cancel a job',
        '  savepoint    Take a savepoint of a running job',
        '  stop         Stop a job with a final savepoint',
        "  cluster      Start or stop a local cluster on this machine's NATS and Redis",
        "  jobmanager   Start a cluster's JobManager process (what its container runs)",
        "  taskmanager  Start a cluster's TaskManager process (what its container runs)",
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
        'Usage: weir info <job.ts|job.js> [job args…] [-p N] [--json | --dot] [--connectors PACKAGES]',
        '',
        "Print a job's plan: its operators, how they are chained, their parallelism.",
        '',
        'Options:',
        "  -p, --parallelism N        The job's default parallelism (the job's own setParallelism() still wins)",
        "      --connectors PACKAGES  Connector packages to load beside the built-in ones, comma-separated (default: the $WEIR_CONFIG file's)",
        '      --connectors-from DIR  Where they are installed (default: the current directory)',
        '      --json                 The plan as JSON: { jobName, parallelism, maxParallelism, vertices, edges }',
        '      --dot                  The plan as a Graphviz digraph (weir info job.ts --dot | dot -Tsvg > plan.svg)',
        '  -h, --help                 Show this help',
        '',
        'Job arguments are --name value (or --name=value) pairs after the job file, handed to the',
        "job's build function as `args`: every option after the job file that weir does not know is one.",
        "After a lone '--' every option is a job argument, even one weir knows.",
        '',
        'A job that names its connectors (installedConnectors()) finds the built-in ones and the packages',
        "of --connectors; with --jobmanager, list the cluster's plugins here too: the job is built here",
        'before it is sent.',
        '',
      ].join('\n'),
    );
    expect((await weir('cluster --help')).stdout).toBe(
      [
        'Usage: weir cluster up [--taskmanagers N] [--slots N] [--port P] [--cluster-id ID]',
        '       weir cluster down',
        '',
        "Start or stop a local cluster on this machine's NATS and Redis.",
        '',
        'Options:',
        '      --taskmanagers N  How many TaskManagers to start (default 2)',
        '      --slots N         Slots per TaskManager (default: one per core)',
        "      --port P          The JobManager's REST port (default 8081)",
        '      --cluster-id ID   The cluster id in NATS subjects (default weir)',
        '  -h, --help            Show this help',
        '',
        'The processes run in the background; their pids and logs are kept in .weir/ in this directory,',
        "which is where 'weir cluster down' finds them. Jobs go there with --jobmanager (or WEIR_JOBMANAGER).",
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

  it.each([
    ['savepoint', 'weir savepoint: expected a job id.'],
    ['savepoint 1 nightly extra', "weir savepoint: unexpected argument 'extra'."],
    [
      'stop 1',
      "weir stop: --savepoint is required (stop takes a final savepoint; 'weir cancel <jobId>' stops without one).",
    ],
    ['stop --savepoint', 'weir stop: expected a job id.'],
  ])('exits with 2 on a bad savepoint command line: %s', async (line, message) => {
    expect(await weir(line)).toEqual({ code: 2, stdout: '', stderr: `error: ${message}\n` });
  });

  it.each([
    [
      'run job.ts --detached',
      {},
      'not available in embedded mode: --detached (an embedded job lives in this process and ends with it). ' +
        'Submit to a cluster with --jobmanager URL (or WEIR_JOBMANAGER), or drop the option.',
    ],
    [
      'run job.ts --jobmanager nats://jm:4222',
      {},
      "JobManager URL 'nats://jm:4222' is not an http(s):// URL, such as http://127.0.0.1:8081.",
    ],
    [
      'run job.ts',
      { WEIR_JOBMANAGER: 'jm:8081' },
      "JobManager URL 'jm:8081' is not an http(s):// URL, such as http://127.0.0.1:8081.",
    ],
  ])('refuses what it cannot do with exit code 2, before loading the job: %s', async (line, env, message) => {
    expect(await weir(line, env)).toEqual({ code: 2, stdout: '', stderr: `error: ${message}\n` });
  });

  it.each([
    'list --frobnicate',
    'list --checkpoints',
    'cancel',
    'cancel a b',
    'cluster sideways',
    'cluster up --taskmanagers 0',
  ])('exits with 2 on a bad cluster command line: %s', async (line) => {
    const { code, stderr } = await weir(line);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: weir (list|cancel|cluster( up)?): /);
  });

  it('exits with 1 and says so when the JobManager cannot be reached', async () => {
    const { code, stderr } = await weir('list --jobmanager http://127.0.0.1:59999');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^error: Cannot reach the JobManager at http:\/\/127\.0\.0\.1:59999 \(ECONNREFUSED\); is it running\?/,
    );
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

describe('the cluster processes’ help', () => {
  it('names every setting the JobManager and TaskManager take', async () => {
    const { JobManagerConfig, TaskManagerConfig } = await import('@weir/cluster');
    for (const command of ['jobmanager', 'taskmanager']) {
      const help = (await weir(`${command} --help`)).stdout.replace(/\s+/g, ' ');
      for (const field of [...Object.keys(new JobManagerConfig()), ...Object.keys(new TaskManagerConfig())]) {
        expect(help).toContain(field);
      }
    }
  });
});
