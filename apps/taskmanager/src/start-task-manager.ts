/**
 * Starts a TaskManager: validates its configuration (flags, environment, config file), then a Nest
 * application context (no HTTP server: a TaskManager talks only through NATS).
 */
import 'reflect-metadata';
import { ConsoleLogger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadClusterConnectors, loadConfig, TaskManagerConfig, type ConfigSources } from '@weir/cluster';
import { TaskManagerModule } from './task-manager.module';
import { TaskManagerService } from './task-manager-service';

export interface RunningTaskManager {
  readonly app: INestApplicationContext;
  readonly tmId: string;
}

export async function startTaskManager(sources: ConfigSources): Promise<RunningTaskManager> {
  const config = loadConfig(TaskManagerConfig, 'TaskManager', sources);
  // Jobs run in the slots' worker threads, which load the connectors for themselves; loaded here
  // first, a plugin that cannot load stops the TaskManager at start-up, naming it.
  await (await loadClusterConnectors(config, __dirname)).close();
  const app = await NestFactory.createApplicationContext(TaskManagerModule.forRoot(config), {
    logger: new ConsoleLogger({ json: true }),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return { app, tmId: app.get(TaskManagerService).info.tmId };
}
