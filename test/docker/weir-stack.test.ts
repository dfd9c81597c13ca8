/**
 * docker/weir-stack.yml, checked without a Docker engine: its services run commands the image's
 * `weir` has, and every WEIR_* setting it gives them is one the process knows and accepts.
 */
import { envName, JobManagerConfig, loadConfig, TaskManagerConfig, type ClusterConfig } from '@weir/cluster';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const DOCKER = path.join(__dirname, '..', '..', 'docker');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  deploy?: { replicas?: number };
}

const stack = load(readFileSync(path.join(DOCKER, 'weir-stack.yml'), 'utf8')) as { services: Record<string, Service> };

describe('docker/weir-stack.yml', () => {
  it('runs a JobManager and TaskManagers from the weir image, beside NATS and Redis', () => {
    expect(Object.keys(stack.services).sort()).toEqual(['jobmanager', 'nats', 'redis', 'taskmanager']);
    expect(stack.services.jobmanager).toMatchObject({ image: 'weir:latest', command: ['jobmanager'] });
    expect(stack.services.taskmanager).toMatchObject({ image: 'weir:latest', command: ['taskmanager'] });
    expect(stack.services.taskmanager.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['jobmanager', JobManagerConfig, 'JobManager'],
    ['taskmanager', TaskManagerConfig, 'TaskManager'],
  ] as const)('gives the %s only settings it knows, with values it accepts', (service, Config, what) => {
    const env = stack.services[service].environment ?? {};
    const known = new Set(Object.keys(new Config()).map(envName));
    for (const name of Object.keys(env)) expect(known).toContain(name);
    expect(() => loadConfig<ClusterConfig>(Config, what, { env })).not.toThrow();
  });

  it('publishes the port the JobManager listens on, which the image exposes', () => {
    const config = loadConfig(JobManagerConfig, 'JobManager', { env: stack.services.jobmanager.environment });
    expect(config.host).toBe('0.0.0.0');
    expect(stack.services.jobmanager.ports).toEqual([`${config.port}:${config.port}`]);
    const dockerfile = readFileSync(path.join(DOCKER, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`EXPOSE ${config.port}`);
    expect(dockerfile).toContain('ENTRYPOINT ["weir"]');
  });
});
