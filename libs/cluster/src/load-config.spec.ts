import { ConfigError } from '@weir/common';
import { JobManagerConfig, TaskManagerConfig } from './cluster-config';
import { envName, flagName, loadConfig } from './load-config';

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the defaults when nothing is set', () => {
    const config = loadConfig(JobManagerConfig, 'JobManager');
    expect(config).toMatchObject({ clusterId: 'weir', natsUrl: 'nats://127.0.0.1:4222', port: 8081 });
    expect(config.natsUser).toBeUndefined();
  });

  it('reads flags (both forms) over the environment, and turns numeric text into numbers', () => {
    const config = loadConfig(TaskManagerConfig, 'TaskManager', {
      argv: ['--slots', '3', '--cluster-id=blue'],
      env: { WEIR_SLOTS: '5', WEIR_HEARTBEAT_INTERVAL_MS: '250', WEIR_NATS_USER: 'weir' },
    });
    expect(config).toMatchObject({ slots: 3, clusterId: 'blue', heartbeatIntervalMs: 250, natsUser: 'weir' });
  });

  it('reads a list setting as comma-separated items, and names a bad entry', () => {
    const config = loadConfig(TaskManagerConfig, 'TaskManager', {
      argv: ['--connectors', '@acme/a, @acme/b', '--connectors-from', '/opt/plugins'],
    });
    expect([config.connectors, config.connectorsFrom]).toEqual([['@acme/a', '@acme/b'], '/opt/plugins']);
    expect(loadConfig(TaskManagerConfig, 'TaskManager', { env: { WEIR_CONNECTORS: '' } }).connectors).toEqual([]);
    expect(refusal(() => loadConfig(TaskManagerConfig, 'TaskManager', { argv: ['--connectors', '@acme/a,'] }))).toBe(
      'Invalid TaskManager configuration:\n  connectors (from --connectors): connectors must be a list of connector ' +
        'package names or { package, options }: entry 1 is empty; got ["@acme/a",""]',
    );
  });

  it('names every bad value with where it came from', () => {
    const message = refusal(() =>
      loadConfig(JobManagerConfig, 'JobManager', { argv: ['--port', '70000'], env: { WEIR_REMOTE_CREDITS: 'many' } }),
    );
    expect(message.split('\n')).toEqual([
      'Invalid JobManager configuration:',
      '  port (from --port): port must not be greater than 65535; got 70000',
      '  remoteCredits (from WEIR_REMOTE_CREDITS (environment)): remoteCredits must not be greater than 1024; got "many"',
      '  remoteCredits (from WEIR_REMOTE_CREDITS (environment)): remoteCredits must not be less than 1; got "many"',
      '  remoteCredits (from WEIR_REMOTE_CREDITS (environment)): remoteCredits must be an integer number; got "many"',
    ]);
  });

  it('refuses an unknown flag, a flag without a value and a stray argument', () => {
    expect(refusal(() => loadConfig(TaskManagerConfig, 'TaskManager', { argv: ['--slotz', '1'] }))).toMatch(
      /^Unknown TaskManager setting --slotz; the settings are --config, --cluster-id, --nats-url,/,
    );
    expect(refusal(() => loadConfig(TaskManagerConfig, 'TaskManager', { argv: ['--slots'] }))).toBe(
      '--slots needs a value.',
    );
    expect(refusal(() => loadConfig(TaskManagerConfig, 'TaskManager', { argv: ['4'] }))).toBe(
      "Unexpected argument '4' for the TaskManager; settings are --name value.",
    );
  });

  it('names a config file that does not exist', () => {
    expect(
      refusal(() => loadConfig(TaskManagerConfig, 'TaskManager', { env: { WEIR_CONFIG: '/no/such.json' } })),
    ).toMatch(/^Cannot read the TaskManager config file \/no\/such\.json: ENOENT/);
  });

  it('spells flags and variables from field names', () => {
    expect(flagName('heartbeatTimeoutMs')).toBe('heartbeat-timeout-ms');
    expect(envName('heartbeatTimeoutMs')).toBe('WEIR_HEARTBEAT_TIMEOUT_MS');
  });
});
