import { JobCanceledError, JobExecutionError } from '@weir/common';
import {
  isClientSink,
  restartDelay,
  type SourceSplit,
  type SplitEnumerator,
  type SplitEnumeratorContext,
  type StreamGraph,
} from '@weir/core';
import type { JobGraph } from '../graph/job-graph';
import type { SubtaskAddress } from '../network/channel-event';
import type { CoordinatorGateway } from '../task/coordinator-gateway';
import type { HostHandle } from './host-handle';
import type { JobExecutionResult, JobProgress, JobStatus } from './job-client';

/** Makes the hosts of one attempt of the job. */
export type HostFactory = (attemptNumber: number, coordinator: CoordinatorGateway) => HostHandle[];

interface SourceCoordinator {
  readonly enumerator: SplitEnumerator<SourceSplit, unknown>;
  readonly readers: Set<number>;
}

/**
 * The JobManager's role for one job (in embedded mode, on the main thread): deploys the subtasks,
 * runs the source split enumerators, tracks subtasks to the job's end, and on a failure restarts
 * the job by its restart strategy or fails it with the cause.
 */
export class JobCoordinator implements CoordinatorGateway {
  private state: JobStatus = 'created';
  private attemptNumber = 0;
  private restarts = 0;
  private hosts: HostHandle[] = [];
  private sources = new Map<number, SourceCoordinator>();
  private finishedTasks = 0;
  private readonly totalTasks: number;
  private readonly startedAt = Date.now();
  private endedAt: number | undefined;
  private handlingFailure = false;
  private settle!: { resolve: (r: JobExecutionResult) => void; reject: (e: Error) => void };
  readonly result: Promise<JobExecutionResult>;

  constructor(
    readonly jobId: string,
    private readonly streamGraph: StreamGraph,
    private readonly jobGraph: JobGraph,
    private readonly createHosts: HostFactory,
  ) {
    this.totalTasks = jobGraph.vertices.reduce((n, v) => n + v.parallelism, 0);
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // The client may never ask for the result; a failure must not become an unhandled rejection.
    this.result.catch(() => {});
  }

  get status(): JobStatus {
    return this.state;
  }

  start(): void {
    void this.runAttempt();
  }

  progress(): JobProgress {
    let recordsFromSources = 0;
    let recordsToSinks = 0;
    for (const host of this.hosts) {
      const p = host.progress();
      recordsFromSources += p.recordsFromSources;
      recordsToSinks += p.recordsToSinks;
    }
    return {
      status: this.state,
      recordsFromSources,
      recordsToSinks,
      elapsedMs: (this.endedAt ?? Date.now()) - this.startedAt,
    };
  }

  async cancel(): Promise<void> {
    if (this.isTerminal()) return;
    this.state = 'canceling';
    await this.stopAttempt();
    this.end('canceled', new JobCanceledError(`Job '${this.jobGraph.jobName}' was canceled.`));
  }

  // ---- CoordinatorGateway ----

  taskRunning(): void {
    if (this.state === 'created' || this.state === 'restarting') this.state = 'running';
  }

  taskFinished(): void {
    if (this.state !== 'running') return;
    if (++this.finishedTasks < this.totalTasks) return;
    void this.stopAttempt().then(() => this.end('finished'));
  }

  taskFailed(_task: SubtaskAddress, error: unknown): void {
    void this.handleFailure(error);
  }

  registerReader(task: SubtaskAddress): void {
    this.onSource(task, (source) => {
      source.readers.add(task.subtask);
      source.enumerator.addReader(task.subtask);
    });
  }

  requestSplit(task: SubtaskAddress): void {
    this.onSource(task, (source) => source.enumerator.handleSplitRequest(task.subtask));
  }

  sendToClient(nodeId: number, subtask: number, values: unknown[]): void {
    if (this.state !== 'running') return;
    const operator = this.streamGraph.node(nodeId).operator;
    if (operator.kind === 'sink' && isClientSink(operator.sink)) operator.sink.receive(values, subtask);
  }

  // ---- attempts ----

  private async runAttempt(): Promise<void> {
    this.attemptNumber++;
    this.finishedTasks = 0;
    this.hosts = this.createHosts(this.attemptNumber, this);
    try {
      await Promise.all(this.hosts.map((h) => h.deploy()));
      this.startEnumerators();
      if (this.state === 'created' || this.state === 'restarting') this.state = 'running';
      for (const host of this.hosts) host.start();
    } catch (error) {
      await this.handleFailure(error);
    }
  }

  private startEnumerators(): void {
    this.sources = new Map();
    for (const vertex of this.jobGraph.vertices) {
      const head = vertex.nodes[0].operator;
      if (head.kind !== 'source') continue;
      const readers = new Set<number>();
      const context: SplitEnumeratorContext<SourceSplit> = {
        currentParallelism: vertex.parallelism,
        registeredReaders: () => readers,
        assignSplits: (subtask, splits) =>
          this.hostFor(subtask).deliverSplits({ vertex: vertex.id, subtask }, { kind: 'splits', splits }),
        signalNoMoreSplits: (subtask) =>
          this.hostFor(subtask).deliverSplits({ vertex: vertex.id, subtask }, { kind: 'no-more-splits' }),
      };
      const enumerator = head.source.createEnumerator(context);
      this.sources.set(vertex.id, { enumerator, readers });
      enumerator.start();
    }
  }

  private hostFor(subtask: number): HostHandle {
    return this.hosts[subtask % this.hosts.length];
  }

  private onSource(task: SubtaskAddress, action: (source: SourceCoordinator) => void): void {
    const source = this.sources.get(task.vertex);
    if (source === undefined || this.state !== 'running') return;
    try {
      action(source);
    } catch (error) {
      void this.handleFailure(error);
    }
  }

  private async handleFailure(error: unknown): Promise<void> {
    if (this.handlingFailure || this.isTerminal() || this.state === 'canceling') return;
    this.handlingFailure = true;
    try {
      await this.stopAttempt();
      if (this.isTerminal() || (this.state as JobStatus) === 'canceling') return;
      const delay = restartDelay(this.streamGraph.config.restartStrategy, this.restarts + 1);
      if (delay === undefined) {
        const reason = error instanceof Error ? error.message : String(error);
        this.end('failed', new JobExecutionError(`Job '${this.jobGraph.jobName}' failed: ${reason}`, { cause: error }));
        return;
      }
      this.restarts++;
      this.state = 'restarting';
      this.forEachClientSink((sink) => sink.onRestart?.());
      await new Promise((resolve) => setTimeout(resolve, delay));
    } finally {
      this.handlingFailure = false;
    }
    if (this.state === 'restarting') await this.runAttempt();
  }

  private async stopAttempt(): Promise<void> {
    for (const source of this.sources.values()) {
      try {
        source.enumerator.close();
      } catch {
        // The attempt is over either way; a failing close must not hide the job's real outcome.
      }
    }
    this.sources.clear();
    const hosts = this.hosts;
    await Promise.all(hosts.map((h) => h.shutdown()));
  }

  private end(state: 'finished' | 'failed' | 'canceled', error?: Error): void {
    if (this.isTerminal()) return;
    this.state = state;
    this.endedAt = Date.now();
    if (error) this.settle.reject(error);
    else {
      this.settle.resolve({
        jobId: this.jobId,
        jobName: this.jobGraph.jobName,
        durationMs: this.endedAt - this.startedAt,
        restarts: this.restarts,
      });
    }
  }

  private isTerminal(): boolean {
    return this.state === 'finished' || this.state === 'failed' || this.state === 'canceled';
  }

  private forEachClientSink(action: (sink: { onRestart?(): void }) => void): void {
    for (const node of this.streamGraph.nodes.values()) {
      if (node.operator.kind === 'sink' && isClientSink(node.operator.sink)) action(node.operator.sink);
    }
  }
}
