/**
 * The messages between the test's coordinator and a task host process (fixtures/task-host-process.ts)
 * over Node's IPC channel: the control plane a TaskManager will carry on its NATS control subjects.
 * Data never goes this way: it goes through NATS.
 */
import type { JobBuildOptions } from '@weir/core';
import type { CoordinatorMessage, DataPlaneScope, JobBundle, SourceEvent, SubtaskAddress } from '@weir/runtime';

export type ToTaskHostProcess =
  | {
      t: 'deploy';
      natsUrl: string;
      scope: DataPlaneScope;
      bundle: JobBundle;
      buildOptions: JobBuildOptions;
      attemptNumber: number;
      hostIndex: number;
      numberOfHosts: number;
    }
  | { t: 'start' }
  | { t: 'source-event'; to: SubtaskAddress; event: SourceEvent }
  | { t: 'cancel' };

export type FromTaskHostProcess =
  | CoordinatorMessage
  | { t: 'deployed' }
  | { t: 'deploy-failed'; message: string }
  | { t: 'progress'; recordsFromSources: number; recordsToSinks: number; droppedMessages: number };
