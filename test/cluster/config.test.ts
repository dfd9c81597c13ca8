/**
 * Configuration (issue 3): the JobManager and TaskManager take their settings from flags, the
 * environment and a config file, and refuse a bad value at start-up with a message naming it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { JOBMANAGER_MAIN, startProcess, TASKMANAGER_MAIN } from './cluster-processes';

const directory = mkdtempSync(path.join(tmpdir(), 'weir-config-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function refused(main: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const started = startProcess(main, args, env);
  expect(await started.exited).toBe(2);
  return started.output();
}

describe('cluster process configuration', () => {
  it('refuses bad flags, naming each field, where it came from and what is wrong', async () => {
    const output = await refused(JOBMANAGER_MAIN, [
      '--heartbeat-timeout-ms',
      '-5',
      '--port',
      'http',
      '--nats-url',
      'localhost',
    ]);
    expect(output).toContain('Invalid JobManager configuration:');
    expect(output).toContain(
      'heartbeatTimeoutMs (from --heartbeat-timeout-ms): heartbeatTimeoutMs must not be less than 100; got -5',
    );
    expect(output).toContain('port (from --port): port must be an integer number; got "http"');
    expect(output).toContain(
      'natsUrl (from --nats-url): natsUrl must be nats://host:port (or several, comma-separated); got "localhost"',
    );
  });

  it('refuses a bad value from the environment', async () => {
    const output = await refused(TASKMANAGER_MAIN, [], { WEIR_SLOTS: '0', WEIR_REDIS_URL: 'http://redis' });
    expect(output).toContain('slots (from WEIR_SLOTS (environment)): slots must not be less than 1; got 0');
    expect(output).toContain('redisUrl (from WEIR_REDIS_URL (environment)): redisUrl must be redis://host:port[/db]');
  });

  it('refuses a config file with a bad value or an unknown setting', async () => {
    const file = path.join(directory, 'taskmanager.json');
    writeFileSync(file, JSON.stringify({ slots: 2.5, clusterId: 'a.b', heartbeatIntervalMs: 100, colour: 'blue' }));
    const output = await refused(TASKMANAGER_MAIN, ['--config', file]);
    expect(output).toContain(`colour (in config file ${file}) is not a TaskManager setting`);
    expect(output).toContain(`slots (from config file ${file}): slots must be an integer number; got 2.5`);
    expect(output).toContain(
      `clusterId (from config file ${file}): clusterId must use letters, digits, '-' and '_' only`,
    );
    expect(output).not.toContain('heartbeatIntervalMs');
  });

  it('refuses an unknown flag and a config file that is not JSON', async () => {
    expect(await refused(TASKMANAGER_MAIN, ['--slot', '2'])).toMatch(
      /Unknown TaskManager setting --slot; the settings are --config, .*--slots/,
    );
    const file = path.join(directory, 'broken.json');
    writeFileSync(file, '{ slots: 2 ');
    expect(await refused(JOBMANAGER_MAIN, ['--config', file])).toContain(
      `The JobManager config file ${file} is not valid JSON`,
    );
  });

  it('lets a flag win over the environment, which wins over the config file', async () => {
    const file = path.join(directory, 'jobmanager.json');
    writeFileSync(file, JSON.stringify({ port: 'from-file', slotWaitTimeoutMs: -1, deployTimeoutMs: -1 }));
    const output = await refused(JOBMANAGER_MAIN, ['--config', file, '--port', '-2'], {
      WEIR_SLOT_WAIT_TIMEOUT_MS: '-3',
    });
    expect(output).toContain('port (from --port): port must not be less than 0; got -2');
    expect(output).toContain(
      'slotWaitTimeoutMs (from WEIR_SLOT_WAIT_TIMEOUT_MS (environment)): slotWaitTimeoutMs must not be less than 0; got -3',
    );
    expect(output).toContain(
      `deployTimeoutMs (from config file ${file}): deployTimeoutMs must not be less than 100; got -1`,
    );
  });
});
