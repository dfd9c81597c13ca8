/**
 * The JobManager's NATS connection for the control plane (DESIGN.md §3). Nest makes it once; every
 * component that talks to TaskManagers uses it through this provider.
 */
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { decodeControl, encodeControl, JobManagerConfig, serveControl } from '@weir/cluster';
import { connect, type NatsConnection, type Subscription } from 'nats';

@Injectable()
export class ControlConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('ControlConnection');
  private connection: NatsConnection | undefined;

  constructor(readonly config: JobManagerConfig) {}

  get clusterId(): string {
    return this.config.clusterId;
  }

  async connect(): Promise<void> {
    this.connection ??= await connect({
      servers: this.config.natsUrl.split(','),
      user: this.config.natsUser,
      pass: this.config.natsPassword,
      token: this.config.natsToken,
      name: `weir-jobmanager-${this.config.clusterId}`,
      maxReconnectAttempts: -1,
    });
  }

  publish(subject: string, message: unknown): void {
    this.nats.publish(subject, encodeControl(message));
  }

  async request<R>(subject: string, message: unknown, timeoutMs: number): Promise<R> {
    const reply = await this.nats.request(subject, encodeControl(message), { timeout: timeoutMs });
    return decodeControl<R>(reply.data);
  }

  /** Calls `handle` with each decoded message; a reply, when it returns one, goes to the requester. */
  subscribe<M>(subject: string, handle: (message: M) => unknown): Subscription {
    return serveControl(this.nats, subject, handle, (message) => this.logger.error(message));
  }

  private get nats(): NatsConnection {
    if (this.connection === undefined) throw new Error('The control connection is not open yet.');
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }
}
