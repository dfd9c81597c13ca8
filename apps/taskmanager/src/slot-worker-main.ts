/*
 * The worker thread of one TaskManager slot: it loads the job bundle, rebuilds the graph, hosts its
 * share of the job's subtasks in a TaskHost, and exchanges data with the other slots (here or on
 * other TaskManagers) over its own NATS connection. Control goes through the TaskManager's main
 * thread, which reports to the JobManager.
 */
import { loadClusterConnectors } from '@weir/cluster';
import type { LoadedConnectors } from '@weir/connector-sdk';
import {
  coordinatorGatewayOver,
  createSnapshotStore,
  loadRestorePlan,
  NatsTaskHost,
  rebuildJobGraph,
  serializeError,
} from '@weir/runtime';
import { connect, type NatsConnection } from 'nats';
import { parentPort } from 'node:worker_threads';
import { SlotSnapshotUploads } from './slot-snapshot-uploads';
import type { FromSlotWorker, ToSlotWorker } from './slot-worker-protocol';

const PROGRESS_INTERVAL_MS = 250;
const port = parentPort!;
let connection: Promise<NatsConnection> | undefined;
/** This thread's own connectors: a job here names them, and module instances are per thread. */
let connectors: Promise<LoadedConnectors> | undefined;
let slot: NatsTaskHost | undefined;
let uploads: SlotSnapshotUploads | undefined;
let progressTimer: NodeJS.Timeout | undefined;

const post = (message: FromSlotWorker): void => port.postMessage(message);

// What the job prints (print() sinks) goes to its client, as it does embedded: through the same
// port as the subtasks' messages, so the client has all of it before it learns the job finished.
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
  post({ t: 'stdout', text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString() });
  const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
  callback?.();
  return true;
}) as typeof process.stdout.write;

function postProgress(): void {
  const progress = slot?.host.progress() ?? { recordsFromSources: 0, recordsToSinks: 0 };
  post({ t: 'progress', ...progress, droppedMessages: slot?.receiver.droppedMessages ?? 0 });
}

async function init(message: Extract<ToSlotWorker, { t: 'init' }>): Promise<void> {
  const { deploy } = message;
  await connectors;
  const jobGraph = rebuildJobGraph(message.bundle, deploy.buildOptions, deploy.fingerprint);
  const restore =
    deploy.restore && (await loadRestorePlan(deploy.checkpointStorage, deploy.jobId, deploy.restore, jobGraph));
  uploads = new SlotSnapshotUploads(createSnapshotStore(deploy.checkpointStorage, deploy.jobId), post);
  slot = await NatsTaskHost.deploy({
    connection: await connection!,
    scope: { clusterId: message.clusterId, jobId: deploy.jobId, attempt: deploy.attempt },
    jobGraph,
    coordinator: uploads.gateway(coordinatorGatewayOver(post)),
    restore: restore?.tasks,
    hostIndex: deploy.hostIndex,
    numberOfHosts: deploy.numberOfHosts,
    bufferConfig: deploy.bufferConfig,
  });
  progressTimer = setInterval(postProgress, PROGRESS_INTERVAL_MS);
}

async function cancel(): Promise<void> {
  clearInterval(progressTimer);
  await slot?.stop();
  await uploads?.close().catch(() => undefined);
  postProgress();
  await (await connection)?.drain().catch(() => undefined);
  post({ t: 'canceled' });
}

port.on('message', (message: ToSlotWorker) => {
  switch (message.t) {
    case 'warm':
      connection = connect({ ...message.nats, name: message.name });
      connection.catch(() => undefined);
      connectors = loadClusterConnectors(message.connectors, __dirname);
      connectors.catch(() => undefined);
      // What every job imports: loaded now, it costs a deployment nothing.
      void import('@weir/api');
      break;
    case 'init':
      init(message).then(
        () => post({ t: 'deployed' }),
        (error: unknown) => post({ t: 'init-failed', error: serializeError(error) }),
      );
      break;
    case 'start':
      slot?.host.start();
      break;
    case 'source-event':
      slot?.host.deliverSourceEvent(message.to, message.event);
      break;
    case 'checkpoint':
      uploads?.locate(message.checkpointId, message.location);
      break;
    case 'trigger':
      slot?.host.triggerCheckpoint(message.to, message.barrier);
      break;
    case 'complete':
      uploads?.completed(message.checkpointId);
      slot?.host.notifyCheckpointComplete(message.checkpointId);
      break;
    case 'finalize':
      // A commit that fails fails its subtask, which reports that itself.
      void (slot?.host.finalizeJob() ?? Promise.resolve())
        .finally(() => post({ t: 'finalized' }))
        .catch(() => undefined);
      break;
    case 'cancel':
      void cancel();
      break;
  }
});
