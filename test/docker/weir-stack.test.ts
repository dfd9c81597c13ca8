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

const JOBMANAGERS = ['jobmanager', 'jobmanager-standby'] as const;

describe('docker/weir-stack.yml', () => {
  it('runs a JobManager, its standby and TaskManagers from the weir image, beside NATS and Redis', () => {
    expect(Object.keys(stack.services).sort()).toEqual([
      'jobmanager',
      'jobmanager-standby',
      'nats',
      'redis',
      'taskmanager',
    ]);
    for (const service of JOBMANAGERS) {
      expect(stack.services[service]).toMatchObject({ image: 'weir:latest', command: ['jobmanager'] });
    }
    expect(stack.services.taskmanager).toMatchObject({ image: 'weir:latest', command: ['taskmanager'] });
    expect(stack.services.taskmanager.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('gives both JobManagers the same cluster, NATS and Redis, so they contend for one leadership', () => {
    const [leader, standby] = JOBMANAGERS.map((service) =>
      loadConfig(JobManagerConfig, 'JobManager', { env: stack.services[service].environment }),
    );
    expect([standby.clusterId, standby.natsUrl, standby.redisUrl]).toEqual([
      leader.clusterId,
      leader.natsUrl,
      leader.redisUrl,
    ]);
    expect(standby.port).not.toBe(leader.port);
  });

  it.each([
    ['jobmanager', JobManagerConfig, 'JobManager'],
    ['jobmanager-standby', JobManagerConfig, 'JobManager'],
    ['taskmanager', TaskManagerConfig, 'TaskManager'],
  ] as const)('gives the %s only settings it knows, with values it accepts', (service, Config, what) => {
    const env = stack.services[service].environment ?? {};
    const known = new Set(Object.keys(new Config()).map(envName));
    for (const name of Object.keys(env)) expect(known).toContain(name);
    expect(() => loadConfig<ClusterConfig>(Config, what, { env })).not.toThrow();
  });

  it.each(JOBMANAGERS)('publishes the port the %s listens on', (service) => {
    const config = loadConfig(JobManagerConfig, 'JobManager', { env: stack.services[service].environment });
    expect(config.host).toBe('0.0.0.0');
    expect(stack.services[service].ports).toEqual([`${config.port}:${config.port}`]);
  });

  it('builds an image that runs weir and exposes the JobManager port', () => {
    const config = loadConfig(JobManagerConfig, 'JobManager', { env: stack.services.jobmanager.environment });
    const dockerfile = readFileSync(path.join(DOCKER, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`EXPOSE ${config.port}`);
    expect(dockerfile).toContain('ENTRYPOINT ["weir"]');
  });
});
