import { type DynamicModule, Module } from '@nestjs/common';
import { TaskManagerConfig } from '@weir/cluster';
import { BundleCache } from './bundle-cache';
import { TaskManagerService } from './task-manager-service';

/** The TaskManager's parts, wired by Nest; the validated config is provided under its own class. */
@Module({})
export class TaskManagerModule {
  static forRoot(config: TaskManagerConfig): DynamicModule {
    return {
      module: TaskManagerModule,
      providers: [{ provide: TaskManagerConfig, useValue: config }, BundleCache, TaskManagerService],
    };
  }
}
