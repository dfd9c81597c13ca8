/**
 * A host of subtasks whose only link to the other hosts is NATS: a NatsTaskHost (NatsRemotePeers
 * to send, a NatsDataReceiver to receive) on its own NATS connection, as a TaskManager slot runs.
 * Each host loads the job bundle itself, as a separate process would.
 */
import {
  JobGraph,
  loadJobBundle,
  NatsTaskHost,
  type CoordinatorGateway,
  type DataPlaneScope,
  type HostHandle,
  type HostProgress,
  type JobBundle,
  type NatsDataReceiver,
  type SourceEvent,
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
  private slot: NatsTaskHost | undefined;

  constructor(
    private readonly options: NatsHostOptions,
    private readonly attemptNumber: number,
    private readonly coordinator: CoordinatorGateway,
  ) {}

  /** The receiver of the data plane, once deployed. */
  get receiver(): NatsDataReceiver | undefined {
    return this.slot?.receiver;
  }

  get scope(): DataPlaneScope {
    return { ...this.options.scope, attempt: this.attemptNumber };
  }

  /** Messages this host's connection sent and received: proof that data went through NATS. */
  get messages(): { sent: number; received: number } {
    const stats = this.connection?.stats();
    return { sent: stats?.outMsgs ?? 0, received: stats?.inMsgs ?? 0 };
  }

  get subtasks(): SubtaskAddress[] {
    return this.slot?.host.subtasks ?? [];
  }

  async deploy(): Promise<void> {
    const { natsUrl, bundle, buildOptions, hostIndex, numberOfHosts, logError } = this.options;
    const scope = this.scope;
    const jobGraph = JobGraph.fromStreamGraph(loadJobBundle(bundle).buildGraph(buildOptions));
    const connection = await connect({ servers: natsUrl, name: `weir-test-host-${hostIndex}` });
    this.connection = connection;
    const { coordinator } = this;
    this.slot = await NatsTaskHost.deploy({
      connection,
      scope,
      jobGraph,
      coordinator,
      hostIndex,
      numberOfHosts,
      logError,
    });
    await this.options.afterDeploy?.(this);
  }

  start(): void {
    this.slot!.host.start();
  }

  deliverSourceEvent(to: SubtaskAddress, event: SourceEvent): void {
    this.slot!.host.deliverSourceEvent(to, event);
  }

  async shutdown(): Promise<void> {
    await this.slot?.stop();
    await this.connection?.drain();
  }

  progress(): HostProgress {
    return this.slot?.host.progress() ?? { recordsFromSources: 0, recordsToSinks: 0 };
  }
}
