import { type DynamicModule, Module } from '@nestjs/common';
import type { JobManagerConfig as Config } from '@weir/cluster';
import { JobManagerConfig } from '@weir/cluster';
import { ConnectorRegistry, type LoadedConnectors } from '@weir/connector-sdk';
import { CheckpointHistoryStore } from './checkpoint-history-store';
import { ConnectorsController } from './connectors.controller';
import { ControlConnection } from './control-connection';
import { JobService } from './job-service';
import { JobStore } from './job-store';
import { JobsController } from './jobs.controller';
import type { LeaderElection } from './leader-election';
import { TaskManagerRegistry } from './task-manager-registry';
import { TaskManagersController } from './task-managers.controller';

/**
 * The JobManager's parts, wired by Nest; the validated config is provided under its own class, and
 * the connectors loaded at start-up (built-in and the cluster's plugins) under their registry's.
 */
@Module({})
export class JobManagerModule {
  static forRoot(
    config: Config,
    connectors: LoadedConnectors,
    leadership: Pick<LeaderElection, 'release'>,
  ): DynamicModule {
    return {
      module: JobManagerModule,
      controllers: [JobsController, TaskManagersController, ConnectorsController],
      providers: [
        { provide: JobManagerConfig, useValue: config },
        { provide: ConnectorRegistry, useValue: connectors.registry },
        // The connector modules end with the application.
        { provide: 'weir.connectors', useValue: { onApplicationShutdown: () => connectors.close() } },
        // A standby then takes over at once, not when the lease runs out.
        { provide: 'weir.leadership', useValue: { onApplicationShutdown: () => leadership.release() } },
        ControlConnection,
        JobStore,
        CheckpointHistoryStore,
        TaskManagerRegistry,
        JobService,
      ],
    };
  }
}
