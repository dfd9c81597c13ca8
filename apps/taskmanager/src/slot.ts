/**
 * One slot of a TaskManager running one job's share of subtasks on its own worker thread
 * (slot-worker-main.ts), which is used for this one deployment and then terminated: user code
 * never outlives its job in a thread. The slot forwards what its subtasks tell the coordinator and ends when
 * the JobManager cancels it or its worker dies.
 */
import type { ClusterConnectors, DeployRequest, SlotCheckpointReport, SlotOutput, SlotTarget } from '@weir/cluster';
import { RuntimeFailure } from '@weir/common';
import {
  deserializeError,
  isCoordinatorMessage,
  serializeError,
  type CheckpointBarrier,
  type CoordinatorMessage,
  type JobBundle,
  type SnapshotLocation,
  type SourceEvent,
  type SubtaskAddress,
} from '@weir/runtime';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromSlotWorker, NatsSettings, ToSlotWorker } from './slot-worker-protocol';

export interface SlotProgress {
  recordsFromSources: number;
  recordsToSinks: number;
  droppedMessages: number;
}

/** A slot's worker thread, started and warmed (connected to NATS, the API and connectors loaded) before a job needs it. */
export function warmWorker(nats: NatsSettings, name: string, connectors: ClusterConnectors): Worker {
  const worker = new Worker(join(__dirname, 'slot-worker-main.js'));
  worker.postMessage({ t: 'warm', nats, name, connectors } satisfies ToSlotWorker);
  return worker;
}

export interface SlotOptions {
  deploy: DeployRequest;
  bundle: JobBundle;
  clusterId: string;
  /** A subtask's call to the coordinator, or the slot's output, to forward to the JobManager. */
  report: (message: CoordinatorMessage | SlotCheckpointReport | SlotOutput) => void;
  /** The slot is free again. */
  onEnd: () => void;
}

/** How long a canceled worker may take to stop its subtasks before it is terminated. */
const CANCEL_GRACE_MS = 5000;

export class Slot {
  progress: SlotProgress = { recordsFromSources: 0, recordsToSinks: 0, droppedMessages: 0 };
  private deployed: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private stopping: Promise<void> | undefined;
  private stopped = false;
  private canceled: (() => void) | undefined;
  private finalized: (() => void) | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly options: SlotOptions,
  ) {
    this.worker.on('message', (message: FromSlotWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.crashed(error));
    this.worker.on('exit', (code) => {
      this.canceled?.();
      this.finalized?.();
      if (!this.stopped)
        this.crashed(new RuntimeFailure(`The worker thread of slot ${this.describe()} exited with code ${code}.`));
    });
  }

  get target(): SlotTarget {
    const { jobId, attempt, hostIndex } = this.options.deploy;
    return { jobId, attempt, hostIndex };
  }

  /** Resolves once the slot's subtasks exist and listen on their subjects; rejects if the job cannot load. */
  deploy(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.deployed = { resolve, reject };
      const { deploy, bundle, clusterId } = this.options;
      this.worker.postMessage({ t: 'init', deploy, bundle, clusterId } satisfies ToSlotWorker);
    });
  }

  start(): void {
    this.worker.postMessage({ t: 'start' });
  }

  deliverSourceEvent(to: SubtaskAddress, event: SourceEvent): void {
    this.worker.postMessage({ t: 'source-event', to, event });
  }

  /** Checkpoint `checkpointId` stores the slot's snapshots at `location`. */
  checkpointAt(checkpointId: number, location: SnapshotLocation): void {
    this.worker.postMessage({ t: 'checkpoint', checkpointId, location } satisfies ToSlotWorker);
  }

  triggerCheckpoint(to: SubtaskAddress, barrier: CheckpointBarrier): void {
    this.worker.postMessage({ t: 'trigger', to, barrier } satisfies ToSlotWorker);
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.worker.postMessage({ t: 'complete', checkpointId } satisfies ToSlotWorker);
  }

  /** Every subtask of the job finished: the slot's sinks commit their last output; resolves when they have. */
  finalizeJob(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.finalized = resolve;
      this.worker.postMessage({ t: 'finalize' } satisfies ToSlotWorker);
    });
  }

  /** Resolves when the slot has stopped, if it is being canceled; undefined while it runs. */
  get canceling(): Promise<void> | undefined {
    return this.stopping;
  }

  /** Stops the subtasks and the worker; the same promise for every caller. */
  cancel(): Promise<void> {
    this.stopping ??= (async () => {
      if (!this.stopped) {
        await new Promise<void>((resolve) => {
          this.canceled = resolve;
          this.worker.postMessage({ t: 'cancel' });
          setTimeout(resolve, CANCEL_GRACE_MS).unref();
        });
      }
      this.stopped = true;
      await this.worker.terminate();
      this.options.onEnd();
    })();
    return this.stopping;
  }

  private onMessage(message: FromSlotWorker): void {
    if (isCoordinatorMessage(message) || isReported(message)) return this.options.report(message);
    switch (message.t) {
      case 'deployed':
        this.deployed?.resolve();
        break;
      case 'init-failed':
        this.deployed?.reject(deserializeError(message.error));
        break;
      case 'progress':
        this.progress = message;
        break;
      case 'finalized':
        this.finalized?.();
        break;
      case 'canceled':
        this.canceled?.();
        break;
    }
  }

  private crashed(error: Error): void {
    if (this.stopped) return;
    this.deployed?.reject(error);
    this.options.report({
      t: 'failed',
      task: { vertex: -1, subtask: this.options.deploy.hostIndex },
      error: serializeError(error),
    });
    void this.cancel();
  }

  private describe(): string {
    const { jobId, attempt, hostIndex } = this.options.deploy;
    return `${jobId}.${attempt}.${hostIndex}`;
  }
}

/** What the worker says that goes on to the JobManager as it is. */
function isReported(message: FromSlotWorker): message is SlotCheckpointReport | SlotOutput {
  return message.t === 'stdout' || message.t === 'ack-stored' || message.t === 'upload-failed';
}
