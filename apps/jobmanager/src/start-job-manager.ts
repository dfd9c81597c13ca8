/**
 * Starts a JobManager: validates its configuration (flags, environment, config file), stands by
 * until it leads the cluster (leader-election.ts), then starts the Nest application with Fastify
 * for the REST API; the control plane connects on bootstrap.
 */
import 'reflect-metadata';
import { ConsoleLogger, ValidationPipe, type INestApplication, type ValidationPipeOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { JobManagerConfig, loadClusterConnectors, loadConfig, type ConfigSources } from '@weir/cluster';
import { JobManagerModule } from './job-manager.module';
import { LeaderElection } from './leader-election';
import { WeirErrorFilter } from './weir-error.filter';

export interface RunningJobManager {
  readonly app: INestApplication;
  readonly config: JobManagerConfig;
  /** Where the REST API listens. */
  readonly url: string;
}

/** The exit code of a JobManager that found another leads: its supervisor starts it again, as a standby. */
export const EXIT_LEADERSHIP_LOST = 75;

/** How request bodies are checked: DTO classes built from the JSON, and a body that is no object refused. */
export const REQUEST_VALIDATION: ValidationPipeOptions = { transform: true, forbidUnknownValues: true };

export async function startJobManager(sources: ConfigSources): Promise<RunningJobManager> {
  const config = loadConfig(JobManagerConfig, 'JobManager', sources);
  // Before any job: the JobManager builds each submitted job's graph, and its sources' enumerators.
  const connectors = await loadClusterConnectors(config, __dirname);
  const logger = new ConsoleLogger({ json: true });
  const leadership = await LeaderElection.lead(config, logger, (reason) => {
    // At once, not by a graceful shutdown: from now on the new leader runs the jobs.
    logger.error(`${reason} It stops, so that only the leader acts.`, 'LeaderElection');
    process.exit(EXIT_LEADERSHIP_LOST);
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    JobManagerModule.forRoot(config, connectors, leadership),
    // The JSON body holds the bundle's code as a string; escaping can double it.
    new FastifyAdapter({ bodyLimit: 2 * config.maxBundleBytes }),
    { logger, abortOnError: false },
  );
  app.useGlobalPipes(new ValidationPipe(REQUEST_VALIDATION));
  app.useGlobalFilters(new WeirErrorFilter());
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, config, url: `http://${config.host}:${address.port}` };
}
