/**
 * A TaskManager: registers its slots with the JobManager, beats on `weir.<c>.hb.<tmId>`, and on its
 * own subjects `weir.<c>.tm.<tmId>.<verb>` deploys, starts, feeds and cancels slots. What a slot's
 * subtasks tell their coordinator goes to `weir.<c>.jm.task`; progress to `weir.<c>.jm.progress`.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  encodeControl,
  heartbeatSubject,
  jobManagerSubject,
  taskManagerSubject,
  serveControl,
  TaskManagerConfig,
  type CheckpointCompleteMessage,
  type CheckpointStartMessage,
  type DeployReply,
  type DeployRequest,
  type Heartbeat,
  type ProgressReport,
  type SlotTarget,
  type SourceEventMessage,
  type TaskManagerInfo,
  type TaskReport,
  type TriggerMessage,
} from '@weir/cluster';
import { RuntimeFailure } from '@weir/common';
import { avoidV8HelpersOnBusyCores, serializeError } from '@weir/runtime';
import { connect, type NatsConnection } from 'nats';
import { hostname } from 'node:os';
import type { ClusterConnectors } from '@weir/cluster';
import { BundleCache } from './bundle-cache';
import type { Worker } from 'node:worker_threads';
import { Slot, warmWorker } from './slot';
import type { NatsSettings } from './slot-worker-protocol';

const PROGRESS_INTERVAL_MS = 250;

@Injectable()
export class TaskManagerService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly info: TaskManagerInfo;
  private readonly logger = new Logger('TaskManager');
  private readonly slots = new Map<string, Slot>();
  /** One warm worker for every free slot. */
  private readonly idleWorkers = new Set<Worker>();
  private workersStarted = 0;
  private stopping = false;
  private readonly nats: NatsSettings;
  /** What each slot's worker loads, as the main thread did at start-up. */
  private readonly connectors: ClusterConnectors;
  private connection: NatsConnection | undefined;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly config: TaskManagerConfig,
    private readonly bundles: BundleCache,
  ) {
    this.info = {
      tmId: config.taskManagerId ?? `tm-${hostname().replace(/[^A-Za-z0-9_-]/g, '_')}-${process.pid}`,
      slots: config.slots,
      host: hostname(),
      pid: process.pid,
    };
    this.connectors = { connectors: config.connectors, connectorsFrom: config.connectorsFrom };
    avoidV8HelpersOnBusyCores(config.slots);
    this.nats = {
      servers: config.natsUrl.split(','),
      user: config.natsUser,
      pass: config.natsPassword,
      token: config.natsToken,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await connect({ ...this.nats, name: `weir-${this.info.tmId}`, maxReconnectAttempts: -1 });
    const { clusterId } = this.config;
    const { tmId } = this.info;
    this.handle<DeployRequest>(taskManagerSubject(clusterId, tmId, 'deploy'), (request) => this.deploy(request));
    this.handle<SlotTarget>(taskManagerSubject(clusterId, tmId, 'start'), (target) => this.slot(target)?.start());
    this.handle<SourceEventMessage>(taskManagerSubject(clusterId, tmId, 'source-event'), (message) =>
      this.slot(message)?.deliverSourceEvent(message.to, message.event),
    );
    this.handle<CheckpointStartMessage>(taskManagerSubject(clusterId, tmId, 'checkpoint'), (message) =>
      this.slot(message)?.checkpointAt(message.checkpointId, message.location),
    );
    this.handle<TriggerMessage>(taskManagerSubject(clusterId, tmId, 'trigger'), (message) =>
      this.slot(message)?.triggerCheckpoint(message.to, message.barrier),
    );
    this.handle<CheckpointCompleteMessage>(taskManagerSubject(clusterId, tmId, 'complete'), (message) =>
      this.slot(message)?.notifyCheckpointComplete(message.checkpointId),
    );
    this.handle<SlotTarget>(taskManagerSubject(clusterId, tmId, 'finalize'), async (target) => {
      await this.slot(target)?.finalizeJob();
      return { ok: true };
    });
    this.handle<SlotTarget>(taskManagerSubject(clusterId, tmId, 'cancel'), async (target) => {
      const slot = this.slot(target);
      if (slot === undefined) return { ok: true };
      await slot.cancel();
      // The slot's last counts, before the reply: the JobManager has them when the job ends.
      this.publishProgress([slot]);
      return { ok: true };
    });
    await this.connection.flush();
    this.warmWorkers();
    this.connection.publish(jobManagerSubject(clusterId, 'register'), encodeControl(this.info));
    this.beat();
    this.timers = [
      setInterval(() => this.beat(), this.config.heartbeatIntervalMs),
      setInterval(() => this.publishProgress([...this.slots.values()]), PROGRESS_INTERVAL_MS),
    ];
    this.logger.log(`TaskManager ${tmId} offers ${this.info.slots} slots on cluster '${clusterId}'`);
  }

  private async deploy(request: DeployRequest): Promise<DeployReply> {
    const key = slotKey(request);
    const stale = await this.fence(request);
    if (stale !== undefined) return { ok: false, error: serializeError(stale) };
    if (this.slots.size >= this.info.slots && !this.slots.has(key)) {
      const error = new RuntimeFailure(`TaskManager ${this.info.tmId} has no free slot (it has ${this.info.slots}).`);
      return { ok: false, error: serializeError(error) };
    }
    let slot: Slot | undefined;
    try {
      const bundle = await this.bundles.get(request.jobId);
      slot = new Slot(this.takeWorker(), {
        deploy: request,
        bundle,
        clusterId: this.config.clusterId,
        report: (message) =>
          this.report({ jobId: request.jobId, attempt: request.attempt, hostIndex: request.hostIndex, message }),
        onEnd: () => {
          if (this.slots.get(key) === slot) this.slots.delete(key);
          this.warmWorkers();
        },
      });
      this.slots.set(key, slot);
      await slot.deploy();
      return { ok: true };
    } catch (error) {
      void slot?.cancel();
      this.logger.warn(`Slot ${key} could not deploy: ${(error as Error).message}`);
      return { ok: false, error: serializeError(error) };
    }
  }

  /**
   * Fencing by attempt: a job's newer attempt (a restart, or a restarted JobManager resuming it)
   * replaces the slots its older attempts run here, which are stopped first, so none of them
   * writes beside it or commits; a deploy of an older attempt than one running is refused. Slots
   * being canceled (the JobManager does not know them) are waited for when they hold every slot.
   */
  private async fence(request: DeployRequest): Promise<RuntimeFailure | undefined> {
    const sameJob = [...this.slots.values()].filter((slot) => slot.target.jobId === request.jobId);
    const newer = sameJob.find((slot) => slot.target.attempt > request.attempt);
    if (newer !== undefined) {
      return new RuntimeFailure(
        `Attempt ${request.attempt} of job ${request.jobId} is stale: TaskManager ${this.info.tmId} runs its attempt ${newer.target.attempt}.`,
      );
    }
    const older = sameJob.filter((slot) => slot.target.attempt < request.attempt);
    if (older.length > 0) {
      this.logger.log(
        `Slots ${older.map((slot) => slotKey(slot.target)).join(', ')} are stopped for attempt ${request.attempt} of their job`,
      );
    }
    await Promise.all(older.map((slot) => slot.cancel()));
    if (this.slots.size >= this.info.slots) {
      await Promise.all([...this.slots.values()].map((slot) => slot.canceling));
    }
    return undefined;
  }

  /** Keeps a warm worker ready for every free slot. */
  private warmWorkers(): void {
    while (!this.stopping && this.idleWorkers.size + this.slots.size < this.info.slots) {
      const worker = warmWorker(this.nats, `weir-${this.info.tmId}-worker-${++this.workersStarted}`, this.connectors);
      this.idleWorkers.add(worker);
      // A worker that dies while idle is replaced; one that a slot took is the slot's to watch.
      worker.once('exit', () => {
        if (this.idleWorkers.delete(worker)) this.warmWorkers();
      });
    }
  }

  private takeWorker(): Worker {
    const [worker] = this.idleWorkers;
    if (worker !== undefined) {
      this.idleWorkers.delete(worker);
      return worker;
    }
    return warmWorker(this.nats, `weir-${this.info.tmId}-worker-${++this.workersStarted}`, this.connectors);
  }

  private report(report: TaskReport): void {
    const bytes = encodeControl(report);
    const maxPayload = this.connection!.info?.max_payload ?? Number.POSITIVE_INFINITY;
    const { message } = report;
    // A client sink's batch can outgrow a NATS message: it goes in halves, in order.
    if (bytes.length > maxPayload && message.t === 'client' && message.values.length > 1) {
      const half = Math.ceil(message.values.length / 2);
      this.report({ ...report, message: { ...message, values: message.values.slice(0, half) } });
      this.report({ ...report, message: { ...message, values: message.values.slice(half) } });
      return;
    }
    this.connection!.publish(jobManagerSubject(this.config.clusterId, 'task'), bytes);
  }

  private beat(): void {
    const beat: Heartbeat = { ...this.info, running: [...this.slots.values()].map((s) => s.target) };
    this.connection?.publish(heartbeatSubject(this.config.clusterId, this.info.tmId), encodeControl(beat));
  }

  private publishProgress(slots: readonly Slot[]): void {
    if (slots.length === 0) return;
    const reports: ProgressReport[] = slots.map((slot) => ({ ...slot.target, ...slot.progress }));
    this.connection?.publish(jobManagerSubject(this.config.clusterId, 'progress'), encodeControl(reports));
  }

  private slot(target: SlotTarget): Slot | undefined {
    return this.slots.get(slotKey(target));
  }

  private handle<M>(subject: string, handler: (message: M) => unknown): void {
    serveControl(this.connection!, subject, handler, (message) => this.logger.error(message));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    const idle = [...this.idleWorkers];
    this.idleWorkers.clear();
    await Promise.all([...this.slots.values()].map((slot) => slot.cancel()));
    await Promise.all(idle.map((worker) => worker.terminate()));
    await this.connection?.drain().catch(() => undefined);
  }
}

function slotKey(target: SlotTarget): string {
  return `${target.jobId}.${target.attempt}.${target.hostIndex}`;
}
