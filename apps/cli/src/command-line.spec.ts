import { parseCommandLine, type Invocation } from './command-line';
import { CommandLineError } from './command-line-error';

function parse(line: string): Invocation {
  return parseCommandLine(line === '' ? [] : line.split(' '));
}

function usageError(line: string): CommandLineError {
  try {
    parse(line);
  } catch (error) {
    expect(error).toBeInstanceOf(CommandLineError);
    return error as CommandLineError;
  }
  throw new Error(`'${line}' parsed without an error`);
}

describe('parseCommandLine', () => {
  it('parses run with its job file, job arguments and weir options in any order', () => {
    expect(parse('run job.ts --input in.txt -p 4 --mode=fast --offset -5')).toEqual({
      kind: 'run',
      job: {
        file: 'job.ts',
        args: { input: 'in.txt', mode: 'fast', offset: '-5' },
        parallelism: 4,
        connectorFlags: [],
      },
      jobManager: undefined,
      fromSavepoint: undefined,
      allowNonRestoredState: false,
      detached: false,
    });
    expect(parse('run -p 2 job.js')).toEqual(
      expect.objectContaining({ job: { file: 'job.js', args: {}, parallelism: 2, connectorFlags: [] } }),
    );
    expect(parse('run job.ts --parallelism=3')).toEqual(
      expect.objectContaining({ job: { file: 'job.ts', args: {}, parallelism: 3, connectorFlags: [] } }),
    );
  });

  it("parses run's cluster options", () => {
    expect(
      parse('run job.ts --jobmanager nats://jm:4222 --from-savepoint sp-1 --allow-non-restored-state --detached'),
    ).toEqual({
      kind: 'run',
      job: { file: 'job.ts', args: {}, parallelism: undefined, connectorFlags: [] },
      jobManager: 'nats://jm:4222',
      fromSavepoint: 'sp-1',
      allowNonRestoredState: true,
      detached: true,
    });
  });

  it('keeps the connector options for the connectors a job names, in run and info', () => {
    for (const command of ['run', 'info']) {
      expect(parse(`${command} job.ts --connectors @acme/a,@acme/b --input x --connectors-from=/opt/weir`)).toEqual(
        expect.objectContaining({
          job: {
            file: 'job.ts',
            args: { input: 'x' },
            parallelism: undefined,
            connectorFlags: ['--connectors', '@acme/a,@acme/b', '--connectors-from', '/opt/weir'],
          },
        }),
      );
    }
  });

  it("takes every option after '--' as a job argument, even weir's own", () => {
    expect(parse('run job.ts -p 2 -- -p 7 --detached yes')).toEqual(
      expect.objectContaining({
        job: { file: 'job.ts', args: { p: '7', detached: 'yes' }, parallelism: 2, connectorFlags: [] },
      }),
    );
  });

  it('lets a later job argument override an earlier one', () => {
    expect(parse('info job.ts --n 1 --n 2')).toEqual(
      expect.objectContaining({
        job: { file: 'job.ts', args: { n: '2' }, parallelism: undefined, connectorFlags: [] },
      }),
    );
  });

  it("parses info's output formats", () => {
    expect(parse('info job.ts')).toEqual(expect.objectContaining({ kind: 'info', format: 'text' }));
    expect(parse('info job.ts --json')).toEqual(expect.objectContaining({ kind: 'info', format: 'json' }));
    expect(parse('info --dot job.ts -p 2')).toEqual({
      kind: 'info',
      job: { file: 'job.ts', args: {}, parallelism: 2, connectorFlags: [] },
      format: 'dot',
    });
  });

  it('parses help and version', () => {
    expect(parse('--help')).toEqual({ kind: 'help', command: undefined });
    expect(parse('-h')).toEqual({ kind: 'help', command: undefined });
    expect(parse('help')).toEqual({ kind: 'help', command: undefined });
    expect(parse('help info')).toEqual({ kind: 'help', command: 'info' });
    expect(parse('run --help')).toEqual({ kind: 'help', command: 'run' });
    expect(parse('run job.ts --words x -h')).toEqual({ kind: 'help', command: 'run' });
    expect(parse('cancel -h')).toEqual({ kind: 'help', command: 'cancel' });
    expect(parse('--version')).toEqual({ kind: 'version' });
    expect(parse('-V')).toEqual({ kind: 'version' });
  });

  it("keeps a job's own --help after '--' for the job", () => {
    expect(parse('run job.ts -- --help me')).toEqual(
      expect.objectContaining({
        kind: 'run',
        job: { file: 'job.ts', args: { help: 'me' }, parallelism: undefined, connectorFlags: [] },
      }),
    );
  });

  it('parses the cluster commands, leaving what follows them to the command', () => {
    expect(parse('list')).toEqual({ kind: 'cluster', command: 'list', args: [] });
    expect(parse('stop 42 --savepoint')).toEqual({ kind: 'cluster', command: 'stop', args: ['42', '--savepoint'] });
    expect(parse('cluster up --taskmanagers 3')).toEqual({
      kind: 'cluster',
      command: 'cluster',
      args: ['up', '--taskmanagers', '3'],
    });
  });

  it.each([
    ['', 'no command given.'],
    ['frobnicate job.ts', "unknown command 'frobnicate'."],
    ['help frobnicate', "unknown command 'frobnicate'."],
    ['--verbose', "unknown option '--verbose'."],
  ])('refuses %j with the general usage', (line, message) => {
    const error = usageError(line);
    expect(error.message).toBe(message);
    expect(error.usage).toBe(
      [
        'Usage: weir <command> [options]',
        'Commands: run, info, list, cancel, savepoint, stop, cluster, jobmanager, taskmanager.',
        "Run 'weir --help' for more.",
      ].join('\n'),
    );
  });

  it.each([
    ['run', 'missing the job file.'],
    ['run -p 2', 'missing the job file.'],
    ['run job.ts -p 0', "-p (the parallelism) needs a whole number of at least 1, not '0'."],
    ['run job.ts -p abc', "-p (the parallelism) needs a whole number of at least 1, not 'abc'."],
    ['run job.ts -p 2.5', "-p (the parallelism) needs a whole number of at least 1, not '2.5'."],
    ['run job.ts -p -1', "-p (the parallelism) needs a whole number of at least 1, not '-1'."],
    ['run job.ts -p', 'option -p needs a value (N).'],
    ['run job.ts --jobmanager --detached', 'option --jobmanager needs a value (URL).'],
    ['run job.ts --detached=yes', 'option --detached takes no value.'],
    ['run --input x job.ts', "unknown option '--input' for 'weir run' (job arguments go after the job file)."],
    ['run job.ts other.ts', "unexpected argument 'other.ts'; job arguments are --name value pairs."],
    ['run job.ts --input', 'job argument --input needs a value; job arguments are --name value pairs.'],
    ['run job.ts --input --other 1', 'job argument --input needs a value; job arguments are --name value pairs.'],
    ['run job.ts --=x', "'--=x' is not a job argument; they are --name value pairs."],
    ['run -- job.ts', "'--' must come after the job file."],
  ])('refuses %j with the usage of run', (line, message) => {
    const error = usageError(line);
    expect(error.message).toBe(message);
    expect(error.usage).toBe(
      'Usage: weir run <job.ts|job.js> [job args…] [-p N] [--jobmanager URL] [--from-savepoint PATH|NAME] [--allow-non-restored-state] [--detached] [--connectors PACKAGES]\n' +
        "Run 'weir run --help' for more.",
    );
  });

  it('refuses info with both --json and --dot', () => {
    const error = usageError('info job.ts --json --dot');
    expect(error.message).toBe('--json and --dot exclude each other.');
    expect(error.usage).toBe(
      "Usage: weir info <job.ts|job.js> [job args…] [-p N] [--json | --dot] [--connectors PACKAGES]\nRun 'weir info --help' for more.",
    );
  });
});
