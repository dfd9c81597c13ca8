/**
 * The JobManager's NATS connection for the control plane (DESIGN.md §3). Nest makes it once; every
 * component that talks to TaskManagers uses it through this provider.
 */
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { decodeControl, encodeControl, JobManagerConfig } from '@weir/cluster';
import { connect, type NatsConnection, type Subscription } from 'nats';

@Injectable()
export class ControlConnection implements OnApplicationShutdown {
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
  subscribe<M>(subject: string, handle: (message: M, subject: string) => unknown): Subscription {
    return this.nats.subscribe(subject, {
      callback: (error, msg) => {
        if (error !== null) return;
        let message: M;
        try {
          message = decodeControl<M>(msg.data);
        } catch {
          return;
        }
        void Promise.resolve()
          .then(() => handle(message, msg.subject))
          .then(
            (reply) => msg.reply && msg.respond(encodeControl(reply ?? { ok: true })),
            (error: unknown) => msg.reply && msg.respond(encodeControl({ ok: false, error: String(error) })),
          );
      },
    });
  }

  private get nats(): NatsConnection {
    if (this.connection === undefined) throw new Error('The control connection is not open yet.');
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }
}
