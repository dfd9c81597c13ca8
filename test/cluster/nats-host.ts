/**
 * A host of subtasks whose only link to the other hosts is NATS: a TaskHost with its own NATS
 * connection, NatsRemotePeers to send and a NatsDataReceiver to receive — what a TaskManager slot
 * will run. Each host loads the job bundle itself, as a separate process would.
 */
import {
  JobGraph,
  loadJobBundle,
  NatsDataReceiver,
  NatsRemotePeers,
  TaskHost,
  type CoordinatorGateway,
  type DataPlaneScope,
  type HostHandle,
  type HostProgress,
  type JobBundle,
  type SplitAssignment,
  type SubtaskAddress,
} from '@weir/runtime';
import type { JobBuildOptions } from '@weir/core';
import { connect, type NatsConnection } from 'nats';

export interface NatsHostOptions {
  natsUrl: string;
  scope: DataPlaneScope;
  bundle: JobBundle;
  buildOptions: JobBuildOptions;
  hostIndex: number;
  numberOfHosts: number;
  /** Where the receiver logs dropped messages. */
  logError: (message: string) => void;
  /** Runs once the host's subscriptions are in place, before any subtask starts. */
  afterDeploy?: (host: NatsHost) => Promise<void>;
}

export class NatsHost implements HostHandle {
  private connection: NatsConnection | undefined;
  private host: TaskHost | undefined;
  receiver: NatsDataReceiver | undefined;

  constructor(
    private readonly options: NatsHostOptions,
    private readonly attemptNumber: number,
    private readonly coordinator: CoordinatorGateway,
  ) {}

  get scope(): DataPlaneScope {
    return { ...this.options.scope, attempt: this.attemptNumber };
  }

  /** Messages this host's connection sent and received: proof that data went through NATS. */
  get messages(): { sent: number; received: number } {
    const stats = this.connection?.stats();
    return { sent: stats?.outMsgs ?? 0, received: stats?.inMsgs ?? 0 };
  }

  get subtasks(): SubtaskAddress[] {
    return this.host?.subtasks ?? [];
  }

  async deploy(): Promise<void> {
    const { natsUrl, bundle, buildOptions, hostIndex, numberOfHosts, logError } = this.options;
    const scope = this.scope;
    const jobGraph = JobGraph.fromStreamGraph(loadJobBundle(bundle).buildGraph(buildOptions));
    this.connection = await connect({ servers: natsUrl, name: `weir-test-host-${hostIndex}` });
    const peers = new NatsRemotePeers(this.connection, scope);
    this.host = new TaskHost(jobGraph, this.attemptNumber, this.coordinator, hostIndex, numberOfHosts, peers);
    this.host.deploy();
    this.receiver = new NatsDataReceiver(this.connection, scope, this.host, logError);
    await this.receiver.subscribe(this.host.subtasks);
    await this.options.afterDeploy?.(this);
  }

  start(): void {
    this.host!.start();
  }

  deliverSplits(to: SubtaskAddress, assignment: SplitAssignment): void {
    this.host!.deliverSplits(to, assignment);
  }

  async shutdown(): Promise<void> {
    await this.host?.cancel();
    await this.receiver?.close();
    await this.connection?.drain();
  }

  progress(): HostProgress {
    return this.host?.progress() ?? { recordsFromSources: 0, recordsToSinks: 0 };
  }
}
