import { Controller, Get } from '@nestjs/common';
import type { TaskManagerView } from '@weir/cluster';
import { TaskManagerRegistry } from './task-manager-registry';

/** The REST API's TaskManagers: who is registered, with how many slots free. */
@Controller('taskmanagers')
export class TaskManagersController {
  constructor(private readonly registry: TaskManagerRegistry) {}

  @Get()
  list(): { taskManagers: TaskManagerView[] } {
    return { taskManagers: this.registry.view() };
  }
}
