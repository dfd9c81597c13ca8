import { type DynamicModule, Module } from '@nestjs/common';
import type { JobManagerConfig as Config } from '@weir/cluster';
import { JobManagerConfig } from '@weir/cluster';
import { ControlConnection } from './control-connection';
import { JobService } from './job-service';
import { JobStore } from './job-store';
import { JobsController } from './jobs.controller';
import { TaskManagerRegistry } from './task-manager-registry';
import { TaskManagersController } from './task-managers.controller';

/** The JobManager's parts, wired by Nest; the validated config is provided under its own class. */
@Module({})
export class JobManagerModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: JobManagerModule,
      controllers: [JobsController, TaskManagersController],
      providers: [
        { provide: JobManagerConfig, useValue: config },
        ControlConnection,
        JobStore,
        TaskManagerRegistry,
        JobService,
      ],
    };
  }
}
