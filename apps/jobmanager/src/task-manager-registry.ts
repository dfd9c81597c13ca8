/**
 * The TaskManagers the JobManager knows and their slots: registered on `jm.register` or by their
 * first heartbeat, lost when silent for heartbeatTimeoutMs. Jobs ask for slots here; a request
 * waits (first come, first served) until enough are free, and fails after slotWaitTimeoutMs.
 */
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { JobManagerConfig, type TaskManagerInfo, type TaskManagerView } from '@weir/cluster';
import { RuntimeFailure } from '@weir/common';

interface KnownTaskManager {
  info: TaskManagerInfo;
  lastHeartbeat: number;
  used: number;
  /** Slots the TaskManager said it runs in its last heartbeat. */
  running: number;
}

/** A slot given to a job: released once, when the job's host in it shuts down. */
export interface AllocatedSlot {
  readonly tmId: string;
  release(): void;
}

export interface SlotRequest {
  readonly slots: Promise<AllocatedSlot[]>;
  /** Gives up waiting; slots already given stay with their hosts, which release them. */
  cancel(): void;
  /** What the request waits for, while it waits. */
  waitingFor(): string | undefined;
}

type LostListener = (tmId: string, reason: Error) => void;

interface PendingRequest {
  count: number;
  resolve(slots: AllocatedSlot[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

@Injectable()
export class TaskManagerRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger('TaskManagerRegistry');
  private readonly taskManagers = new Map<string, KnownTaskManager>();
  private readonly pending: PendingRequest[] = [];
  private readonly lostListeners: LostListener[] = [];
  private readonly livenessTimer: NodeJS.Timeout;

  constructor(private readonly config: JobManagerConfig) {
    this.livenessTimer = setInterval(() => this.checkLiveness(), Math.max(10, config.heartbeatIntervalMs / 2));
    this.livenessTimer.unref();
  }

  onLost(listener: LostListener): void {
    this.lostListeners.push(listener);
  }

  /** A registration or a heartbeat: either makes the TaskManager known and alive. */
  heartbeat(info: TaskManagerInfo, running = 0): void {
    const known = this.taskManagers.get(info.tmId);
    if (known !== undefined) {
      known.lastHeartbeat = Date.now();
      known.running = running;
      return;
    }
    const { tmId, slots, host, pid } = info;
    this.taskManagers.set(tmId, { info: { tmId, slots, host, pid }, lastHeartbeat: Date.now(), used: 0, running });
    this.logger.log(`TaskManager ${info.tmId} registered with ${info.slots} slots (${info.host}, pid ${info.pid})`);
    this.serve();
  }

  view(): TaskManagerView[] {
    const now = Date.now();
    return [...this.taskManagers.values()].map(({ info, lastHeartbeat, used, running }) => ({
      ...info,
      freeSlots: info.slots - used,
      runningSlots: running,
      lastHeartbeatAgoMs: now - lastHeartbeat,
    }));
  }

  requestSlots(count: number): SlotRequest {
    let request: PendingRequest | undefined;
    const slots = new Promise<AllocatedSlot[]>((resolve, reject) => {
      request = {
        count,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.dropRequest(request!);
          reject(
            new RuntimeFailure(
              `${this.describeWait(count)}; gave up after ${this.config.slotWaitTimeoutMs} ms (slotWaitTimeoutMs).`,
            ),
          );
        }, this.config.slotWaitTimeoutMs),
      };
    });
    // Nobody may be waiting for the outcome any more when it comes.
    slots.catch(() => undefined);
    this.pending.push(request!);
    this.serve();
    return {
      slots,
      cancel: () => {
        if (this.dropRequest(request!)) request!.reject(new RuntimeFailure('The slot request was canceled.'));
      },
      waitingFor: () => (this.pending.includes(request!) ? this.describeWait(count) : undefined),
    };
  }

  private describeWait(count: number): string {
    const free = [...this.taskManagers.values()].reduce((n, tm) => n + tm.info.slots - tm.used, 0);
    const total = [...this.taskManagers.values()].reduce((n, tm) => n + tm.info.slots, 0);
    return (
      `waiting for ${count} free slot${count === 1 ? '' : 's'}: the cluster has ${free} free of ${total} ` +
      `on ${this.taskManagers.size} TaskManager${this.taskManagers.size === 1 ? '' : 's'}`
    );
  }

  private dropRequest(request: PendingRequest): boolean {
    const index = this.pending.indexOf(request);
    if (index < 0) return false;
    this.pending.splice(index, 1);
    clearTimeout(request.timer);
    return true;
  }

  /** Serves waiting requests in order; one that cannot be served holds back those behind it. */
  private serve(): void {
    while (this.pending.length > 0) {
      const request = this.pending[0];
      const free = [...this.taskManagers.values()].reduce((n, tm) => n + tm.info.slots - tm.used, 0);
      if (free < request.count) return;
      this.dropRequest(request);
      request.resolve(Array.from({ length: request.count }, () => this.allocate()));
    }
  }

  /** One slot on the TaskManager with the most free slots, so a job spreads over the cluster. */
  private allocate(): AllocatedSlot {
    let best: KnownTaskManager | undefined;
    for (const tm of this.taskManagers.values()) {
      if (tm.info.slots - tm.used <= 0) continue;
      if (best === undefined || tm.info.slots - tm.used > best.info.slots - best.used) best = tm;
    }
    const tm = best!;
    tm.used++;
    let released = false;
    return {
      tmId: tm.info.tmId,
      release: () => {
        if (released) return;
        released = true;
        // A lost TaskManager's slots went with it.
        if (this.taskManagers.get(tm.info.tmId) === tm) {
          tm.used--;
          this.serve();
        }
      },
    };
  }

  private checkLiveness(): void {
    const now = Date.now();
    for (const [tmId, tm] of this.taskManagers) {
      const silentFor = now - tm.lastHeartbeat;
      if (silentFor <= this.config.heartbeatTimeoutMs) continue;
      this.taskManagers.delete(tmId);
      const reason = new RuntimeFailure(
        `TaskManager ${tmId} (${tm.info.host}, pid ${tm.info.pid}) was lost: no heartbeat for ${silentFor} ms ` +
          `(heartbeatTimeoutMs ${this.config.heartbeatTimeoutMs}).`,
      );
      this.logger.warn(reason.message);
      for (const listener of this.lostListeners) listener(tmId, reason);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.livenessTimer);
    for (const request of this.pending.splice(0)) {
      clearTimeout(request.timer);
      request.reject(new RuntimeFailure('The JobManager is shutting down.'));
    }
  }
}
