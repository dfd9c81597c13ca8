/*
 * The entry point of a worker thread in embedded mode: it loads the job bundle, rebuilds the graph
 * to find the user's functions, hosts its share of the subtasks, and talks to the main thread
 * (control) and to the other workers (data) over MessagePorts.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { ChannelEvent, SubtaskAddress } from '../network/channel-event';
import { coordinatorGatewayOver } from './coordinator-messages';
import { serializeError } from './serialized-error';
import { TaskHost, type RemotePeers } from './task-host';
import { rebuildJobGraph } from './rebuild-job-graph';
import type { FromWorker, PeerMessage, ToWorker } from './worker-protocol';
import { runWorkerSetup } from './worker-setup';

const PROGRESS_INTERVAL_MS = 250;
const port = parentPort!;
const peers = new Map<number, MessagePort>();
let host: TaskHost | undefined;
let progressTimer: NodeJS.Timeout | undefined;

const post = (message: FromWorker, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);

const coordinator = coordinatorGatewayOver(post);

const remote: RemotePeers = {
  sendData(target: number, to: SubtaskAddress, ch: number, seq: number, ev: ChannelEvent) {
    const message: PeerMessage = { t: 'd', to, ch, seq, ev };
    if (ev.kind === 'encoded-records') peers.get(target)!.postMessage(message, [ev.bytes.buffer as ArrayBuffer]);
    else peers.get(target)!.postMessage(message);
  },
  sendCredit(target: number, to: SubtaskAddress, e: number, r: number, n: number) {
    peers.get(target)!.postMessage({ t: 'c', to, e, r, n } satisfies PeerMessage);
  },
};

function onPeerMessage(message: PeerMessage): void {
  if (message.t === 'd') host?.receiveData(message.to, message.ch, message.seq, message.ev);
  else host?.receiveCredit(message.to, message.e, message.r, message.n);
}

async function init(message: Extract<ToWorker, { t: 'init' }>): Promise<void> {
  if (message.setup !== undefined) await runWorkerSetup(message.setup);
  const jobGraph = rebuildJobGraph(message.bundle, message.buildOptions, message.fingerprint);
  host = new TaskHost(jobGraph, message.attemptNumber, coordinator, message.hostIndex, message.numberOfHosts, remote);
  host.deploy({ jobId: message.jobId, restore: message.restore });
  progressTimer = setInterval(() => post({ t: 'progress', ...host!.progress() }), PROGRESS_INTERVAL_MS);
  progressTimer.unref();
}

port.on('message', (message: ToWorker) => {
  switch (message.t) {
    case 'init':
      init(message).then(
        () => post({ t: 'deployed' }),
        (error: unknown) => post({ t: 'init-failed', error: serializeError(error) }),
      );
      break;
    case 'peer':
      peers.set(message.host, message.port);
      message.port.on('message', onPeerMessage);
      break;
    case 'start':
      host!.start();
      break;
    case 'source-event':
      host!.deliverSourceEvent(message.to, message.event);
      break;
    case 'trigger':
      host!.triggerCheckpoint(message.to, message.barrier);
      break;
    case 'complete':
      host!.notifyCheckpointComplete(message.checkpointId);
      break;
    case 'finalize':
      void host!.finalizeJob().then(() => post({ t: 'finalized' }));
      break;
    case 'cancel':
      void (host?.cancel() ?? Promise.resolve()).then(() => {
        clearInterval(progressTimer);
        post({ t: 'progress', ...(host?.progress() ?? { recordsFromSources: 0, recordsToSinks: 0 }) });
        post({ t: 'canceled' });
      });
      break;
  }
});
