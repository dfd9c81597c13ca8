import { Test } from '@nestjs/testing';
import { loadConfig, TaskManagerConfig } from '@weir/cluster';
import { BundleCache } from './bundle-cache';
import { TaskManagerModule } from './task-manager.module';
import { TaskManagerService } from './task-manager-service';

describe('TaskManagerModule', () => {
  it('offers the configured slots under the configured id, before it connects anywhere', async () => {
    const config = loadConfig(TaskManagerConfig, 'TaskManager', {
      argv: ['--slots', '3', '--task-manager-id', 'tm-unit'],
    });
    // Compiled, not started: the NATS connection opens on bootstrap, Redis on the first bundle.
    const moduleRef = await Test.createTestingModule({ imports: [TaskManagerModule.forRoot(config)] }).compile();
    try {
      expect(moduleRef.get(TaskManagerService).info).toEqual(
        expect.objectContaining({ tmId: 'tm-unit', slots: 3, pid: process.pid }),
      );
      expect(moduleRef.get(BundleCache)).toBeInstanceOf(BundleCache);
    } finally {
      await moduleRef.close();
    }
  });

  it('names its host and pid in the default id', async () => {
    const config = loadConfig(TaskManagerConfig, 'TaskManager', { argv: ['--slots', '1'] });
    const moduleRef = await Test.createTestingModule({ imports: [TaskManagerModule.forRoot(config)] }).compile();
    try {
      expect(moduleRef.get(TaskManagerService).info.tmId).toMatch(new RegExp(`^tm-.+-${process.pid}$`));
    } finally {
      await moduleRef.close();
    }
  });
});
