/*
 * A TaskHost whose peers are reached through NATS: what a TaskManager slot runs. It sets up in the
 * order the data plane needs (docs/architecture.md, "The data plane on NATS"): the host and its
 * subtasks with NatsRemotePeers, then a NatsDataReceiver subscribed for them, so that once every
 * host of the job is deployed no batch goes to a subject nobody listens on.
 */
import type { NatsConnection } from 'nats';
import type { TaskRestore } from '../../checkpoint/operator-snapshot';
import type { JobGraph } from '../../graph/job-graph';
import { TaskHost } from '../../executor/task-host';
import type { CoordinatorGateway } from '../../task/coordinator-gateway';
import type { ChannelBufferConfig } from '../output-channel';
import type { DataPlaneScope } from './data-plane-subjects';
import { NatsDataReceiver } from './nats-data-receiver';
import { NatsRemotePeers } from './nats-remote-peers';

export interface NatsTaskHostOptions {
  /** The connection the host sends and receives on; it stays open when the host stops. */
  connection: NatsConnection;
  scope: DataPlaneScope;
  jobGraph: JobGraph;
  coordinator: CoordinatorGateway;
  hostIndex: number;
  numberOfHosts: number;
  bufferConfig?: ChannelBufferConfig;
  /** The restored state of the host's subtasks, by `subtaskKey`. */
  restore?: ReadonlyMap<string, TaskRestore>;
  /** Where the receiver logs the messages it drops. */
  logError?: (message: string) => void;
}

export class NatsTaskHost {
  private constructor(
    readonly host: TaskHost,
    readonly receiver: NatsDataReceiver,
  ) {}

  /** Creates the host's subtasks and resolves once their subjects are subscribed; none runs until `host.start()`. */
  static async deploy(options: NatsTaskHostOptions): Promise<NatsTaskHost> {
    const { connection, scope, jobGraph, coordinator, hostIndex, numberOfHosts, bufferConfig, restore, logError } =
      options;
    const peers = new NatsRemotePeers(connection, scope);
    const host = new TaskHost(jobGraph, scope.attempt, coordinator, hostIndex, numberOfHosts, peers, bufferConfig);
    host.deploy({ jobId: scope.jobId, restore });
    const receiver = new NatsDataReceiver(connection, scope, host, logError);
    await receiver.subscribe(host.subtasks);
    return new NatsTaskHost(host, receiver);
  }

  /** Cancels the subtasks, then handles what has arrived and stops receiving. */
  async stop(): Promise<void> {
    await this.host.cancel();
    await this.receiver.close();
  }
}
