import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { JobManagerConfig, loadClusterConnectors, loadConfig } from '@weir/cluster';
import type { LoadedConnectors } from '@weir/connector-sdk';
import { ConnectorsController } from './connectors.controller';
import { JobManagerModule } from './job-manager.module';
import { REQUEST_VALIDATION } from './start-job-manager';
import { SubmitJobDto } from './submit-job.dto';
import { TaskManagerRegistry } from './task-manager-registry';
import { TaskManagersController } from './task-managers.controller';

describe('JobManagerModule', () => {
  let moduleRef: TestingModule;
  let connectors: LoadedConnectors;

  beforeEach(async () => {
    // Compiled, not started: no NATS or Redis connection is opened before bootstrap.
    const config = loadConfig(JobManagerConfig, 'JobManager', { argv: ['--cluster-id', 'unit'] });
    connectors = await loadClusterConnectors(config, __dirname);
    // Not elected either: the module only needs to give the leadership up when it closes.
    const leadership = { release: () => Promise.resolve() };
    moduleRef = await Test.createTestingModule({
      imports: [JobManagerModule.forRoot(config, connectors, leadership)],
    }).compile();
  });

  afterEach(() => moduleRef.close());

  it('provides the validated config and wires the controllers to the one registry', () => {
    expect(moduleRef.get(JobManagerConfig).clusterId).toBe('unit');
    moduleRef.get(TaskManagerRegistry).heartbeat({ tmId: 'tm-1', slots: 3, host: 'h', pid: 7 });
    const { taskManagers } = moduleRef.get(TaskManagersController).list();
    expect(taskManagers).toEqual([
      expect.objectContaining({ tmId: 'tm-1', slots: 3, freeSlots: 3, runningSlots: 0, host: 'h', pid: 7 }),
    ]);
  });

  it('lists the built-in connectors a job may name', () => {
    expect(moduleRef.get(ConnectorsController).list()).toEqual({
      sources: ['files', 'jdbc', 'kafka', 'nats', 'pulsar'],
      sinks: ['files', 'jdbc', 'kafka', 'nats', 'pulsar'],
    });
    expect(connectors.modules.map((m) => m.connectorName)).toEqual(['files', 'jdbc', 'kafka', 'nats', 'pulsar']);
  });
});

describe('POST /jobs body validation', () => {
  const pipe = new ValidationPipe(REQUEST_VALIDATION);
  const metadata = { type: 'body', metatype: SubmitJobDto } as const;

  async function refusal(body: unknown): Promise<string[]> {
    const error: unknown = await pipe.transform(body, metadata).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { message: string[] }).message;
  }

  it('builds the DTO from a good body', async () => {
    const dto: unknown = await pipe.transform(
      { bundle: { code: 'x', sourceFile: 'job.ts' }, args: { n: '1' }, parallelism: 2 },
      metadata,
    );
    expect(dto).toBeInstanceOf(SubmitJobDto);
    expect(dto).toMatchObject({ bundle: { code: 'x', sourceFile: 'job.ts' }, args: { n: '1' }, parallelism: 2 });
  });

  it('names the missing bundle, a non-string argument and a bad parallelism', async () => {
    expect(await refusal({ args: {} })).toContain('bundle must be the job bundle, { code, sourceFile }');
    expect(await refusal({ bundle: { code: 'x', sourceFile: 'j.ts' }, args: { n: 1 } })).toContain(
      'args.n must be a string (job arguments are --name value pairs), not 1',
    );
    expect(await refusal({ bundle: { code: 'x', sourceFile: 'j.ts' }, parallelism: 0 })).toContain(
      'parallelism must not be less than 1',
    );
    expect(await refusal({ bundle: { code: '', sourceFile: 'j.ts' } })).toContain(
      'bundle.code must be longer than or equal to 1 characters',
    );
  });
});
