/**
 * The control plane's NATS subjects (DESIGN.md §3): the JobManager's `weir.<c>.jm.<verb>`, each
 * TaskManager's `weir.<c>.tm.<tmId>.<verb>` and the heartbeats `weir.<c>.hb.<tmId>`. The data plane's
 * subjects are the runtime's (data-plane-subjects.ts).
 */
export type JobManagerVerb = 'register' | 'task' | 'progress' | 'submit' | 'cancel' | 'list';
export type TaskManagerVerb =
  'deploy' | 'start' | 'source-event' | 'cancel' | 'checkpoint' | 'trigger' | 'complete' | 'finalize';

export function jobManagerSubject(clusterId: string, verb: JobManagerVerb): string {
  return `weir.${clusterId}.jm.${verb}`;
}

export function taskManagerSubject(clusterId: string, tmId: string, verb: TaskManagerVerb): string {
  return `weir.${clusterId}.tm.${tmId}.${verb}`;
}

export function heartbeatSubject(clusterId: string, tmId: string): string {
  return `weir.${clusterId}.hb.${tmId}`;
}

/** Every TaskManager's heartbeats, for the JobManager to subscribe to. */
export function allHeartbeatsSubject(clusterId: string): string {
  return `weir.${clusterId}.hb.*`;
}
