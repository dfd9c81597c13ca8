import type { JobBuildOptions } from '@weir/core';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { JobBundle } from '../job-bundle/job-bundle';
import type { TaskRestore } from '../checkpoint/operator-snapshot';
import type { CheckpointBarrier, SubtaskAddress } from '../network/channel-event';
import type { CoordinatorGateway, SourceEvent } from '../task/coordinator-gateway';
import type { HostHandle, HostProgress } from './host-handle';
import { deliverToCoordinator, isCoordinatorMessage } from './coordinator-messages';
import { deserializeError } from './serialized-error';
import type { FromWorker, ToWorker } from './worker-protocol';
import type { WorkerSetup } from './worker-setup';
import { RuntimeFailure } from '@weir/common';

export interface WorkerHostOptions {
  bundle: JobBundle;
  buildOptions: JobBuildOptions;
  attemptNumber: number;
  hostIndex: number;
  numberOfHosts: number;
  fingerprint: string;
  jobId: string;
  /** The restored state of this worker's subtasks, by `subtaskKey`. */
  restore: Map<string, TaskRestore> | undefined;
  /** Run on the thread before it loads the job. */
  setup: WorkerSetup | undefined;
}

/** A worker thread hosting a share of the subtasks (one slot: one core). */
export class WorkerHost implements HostHandle {
  private readonly worker: Worker;
  private lastProgress: HostProgress = { recordsFromSources: 0, recordsToSinks: 0 };
  private deployed: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private canceled: (() => void) | undefined;
  private finalized: (() => void) | undefined;
  private exited = false;

  constructor(
    private readonly options: WorkerHostOptions,
    private readonly coordinator: CoordinatorGateway,
  ) {
    this.worker = new Worker(join(__dirname, 'worker-main.js'));
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (error) => this.onCrash(error));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.canceled?.();
      this.finalized?.();
      if (code !== 0 && this.canceled === undefined) {
        this.onCrash(new RuntimeFailure(`Worker thread ${options.hostIndex} exited with code ${code}.`));
      }
    });
  }

  /** Connects every pair of workers with their own MessagePort, so data goes worker to worker. */
  static connect(hosts: WorkerHost[]): void {
    for (let a = 0; a < hosts.length; a++) {
      for (let b = a + 1; b < hosts.length; b++) {
        const { port1, port2 } = new MessageChannel();
        hosts[a].post({ t: 'peer', host: b, port: port1 }, [port1]);
        hosts[b].post({ t: 'peer', host: a, port: port2 }, [port2]);
      }
    }
  }

  deploy(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.deployed = { resolve, reject };
      this.post({ t: 'init', ...this.options });
    });
  }

  start(): void {
    this.post({ t: 'start' });
  }

  deliverSourceEvent(to: SubtaskAddress, event: SourceEvent): void {
    this.post({ t: 'source-event', to, event });
  }

  triggerCheckpoint(to: SubtaskAddress, barrier: CheckpointBarrier): void {
    this.post({ t: 'trigger', to, barrier });
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.post({ t: 'complete', checkpointId });
  }

  finalizeJob(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.finalized = resolve;
      this.post({ t: 'finalize' });
    });
  }

  async shutdown(): Promise<void> {
    if (!this.exited) {
      await new Promise<void>((resolve) => {
        this.canceled = resolve;
        this.post({ t: 'cancel' });
        // A worker stuck in user code never answers; it is terminated all the same.
        setTimeout(resolve, 2000).unref();
      });
    }
    await this.worker.terminate();
  }

  progress(): HostProgress {
    return this.lastProgress;
  }

  private post(message: ToWorker, transfer?: readonly import('node:worker_threads').Transferable[]): void {
    if (!this.exited) this.worker.postMessage(message, transfer);
  }

  private onMessage(m: FromWorker): void {
    if (isCoordinatorMessage(m)) return deliverToCoordinator(m, this.coordinator);
    switch (m.t) {
      case 'deployed':
        this.deployed?.resolve();
        break;
      case 'init-failed':
        this.deployed?.reject(deserializeError(m.error));
        break;
      case 'progress':
        this.lastProgress = { recordsFromSources: m.recordsFromSources, recordsToSinks: m.recordsToSinks };
        break;
      case 'finalized':
        this.finalized?.();
        break;
      case 'canceled':
        this.canceled?.();
        break;
    }
  }

  private onCrash(error: Error): void {
    if (this.deployed) this.deployed.reject(error);
    this.coordinator.taskFailed({ vertex: -1, subtask: this.options.hostIndex }, error);
  }
}
