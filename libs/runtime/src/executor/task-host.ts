import type { TaskRestore } from '../checkpoint/operator-snapshot';
import type { JobGraph } from '../graph/job-graph';
import { subtaskKey, type ChannelEvent, type CheckpointBarrier, type SubtaskAddress } from '../network/channel-event';
import { DEFAULT_BUFFER_CONFIG, type ChannelBufferConfig } from '../network/output-channel';
import type { Transport } from '../network/transport';
import type { CoordinatorGateway, SourceEvent } from '../task/coordinator-gateway';
import { Scheduler } from '../task/scheduler';
import { StreamTask } from '../task/stream-task';

/** What a host's subtasks start from: the job's id, and each subtask's restored state by `subtaskKey`. */
export interface HostDeployment {
  readonly jobId: string;
  readonly restore?: ReadonlyMap<string, TaskRestore>;
}

/** Sends to subtasks that live in other threads or processes. */
export interface RemotePeers {
  sendData(host: number, to: SubtaskAddress, channel: number, seq: number, event: ChannelEvent): void;
  sendCredit(host: number, to: SubtaskAddress, edge: number, receiver: number, credits: number): void;
}

/** Where subtask `subtask` of every vertex runs: slot sharing, as Flink does by default. */
export function hostOf(subtask: number, numberOfHosts: number): number {
  return subtask % numberOfHosts;
}

/**
 * The subtasks of one thread (a slot of a TaskManager, in Flink's terms) and their transport:
 * calls within the thread, `RemotePeers` to the others.
 */
export class TaskHost implements Transport {
  private readonly tasks = new Map<string, StreamTask>();
  private readonly scheduler = new Scheduler();

  constructor(
    private readonly jobGraph: JobGraph,
    private readonly attemptNumber: number,
    private readonly coordinator: CoordinatorGateway,
    readonly hostIndex: number,
    private readonly numberOfHosts: number,
    private readonly peers: RemotePeers | undefined,
    /** A cluster's configured sizes; the same for every host of a job. */
    private readonly bufferConfig: ChannelBufferConfig = DEFAULT_BUFFER_CONFIG,
  ) {}

  /** Creates this host's subtasks; none runs until `start`, so every receiver exists first. */
  deploy(deployment: HostDeployment = { jobId: '' }): void {
    const env = {
      jobId: deployment.jobId,
      restoreOf: (task: SubtaskAddress) => deployment.restore?.get(subtaskKey(task.vertex, task.subtask)),
      jobGraph: this.jobGraph,
      attemptNumber: this.attemptNumber,
      transport: this,
      scheduler: this.scheduler,
      coordinator: this.coordinator,
      bufferConfig: this.bufferConfig,
    };
    for (const vertex of this.jobGraph.vertices) {
      for (let subtask = 0; subtask < vertex.parallelism; subtask++) {
        if (hostOf(subtask, this.numberOfHosts) !== this.hostIndex) continue;
        this.tasks.set(subtaskKey(vertex.id, subtask), new StreamTask(env, vertex.id, subtask));
      }
    }
  }

  /** The subtasks deployed here: what a cluster transport subscribes for. */
  get subtasks(): SubtaskAddress[] {
    return [...this.tasks.values()].map((task) => task.address);
  }

  start(): void {
    for (const task of this.tasks.values()) void task.start();
  }

  async cancel(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((t) => t.cancel()));
  }

  deliverSourceEvent(to: SubtaskAddress, event: SourceEvent): void {
    this.task(to)?.deliverSourceEvent(event);
  }

  triggerCheckpoint(to: SubtaskAddress, barrier: CheckpointBarrier): void {
    this.task(to)?.triggerCheckpoint(barrier);
  }

  notifyCheckpointComplete(checkpointId: number): void {
    for (const task of this.tasks.values()) task.notifyCheckpointComplete(checkpointId);
  }

  async finalizeJob(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((t) => t.finalizeJob()));
  }

  progress(): { recordsFromSources: number; recordsToSinks: number } {
    let recordsFromSources = 0;
    let recordsToSinks = 0;
    for (const task of this.tasks.values()) {
      recordsFromSources += task.recordsFromSource;
      recordsToSinks += task.recordsToSinks;
    }
    return { recordsFromSources, recordsToSinks };
  }

  // ---- Transport ----

  isLocal(to: SubtaskAddress): boolean {
    return hostOf(to.subtask, this.numberOfHosts) === this.hostIndex;
  }

  sendData(to: SubtaskAddress, channel: number, seq: number, event: ChannelEvent): void {
    if (this.isLocal(to)) this.task(to)?.deliverData(channel, seq, event);
    else this.peers!.sendData(hostOf(to.subtask, this.numberOfHosts), to, channel, seq, event);
  }

  sendCredit(to: SubtaskAddress, edge: number, receiver: number, credits: number): void {
    if (this.isLocal(to)) this.task(to)?.deliverCredit(edge, receiver, credits);
    else this.peers!.sendCredit(hostOf(to.subtask, this.numberOfHosts), to, edge, receiver, credits);
  }

  /** Delivery from another host. */
  receiveData(to: SubtaskAddress, channel: number, seq: number, event: ChannelEvent): void {
    this.task(to)?.deliverData(channel, seq, event);
  }

  receiveCredit(to: SubtaskAddress, edge: number, receiver: number, credits: number): void {
    this.task(to)?.deliverCredit(edge, receiver, credits);
  }

  private task(address: SubtaskAddress): StreamTask | undefined {
    // A task that is gone (canceled, failed) no longer takes messages; they are dropped with it.
    return this.tasks.get(subtaskKey(address.vertex, address.subtask));
  }
}
