import { IsOptional, IsString } from 'class-validator';
import { connect, type NatsConnection } from 'nats';

/** How a NATS source or sink reaches the server; validated with the rest of its options. */
export interface NatsConnectionOptions {
  /** 'nats://127.0.0.1:4222', or several for a cluster. */
  servers: string | string[];
  user?: string;
  pass?: string;
  token?: string;
}

/** The class-validator schema of NatsConnectionOptions, extended by each source's and sink's. */
export class NatsConnectionOptionsSchema {
  @IsString({ each: true }) servers!: string | string[];
  @IsOptional() @IsString() user?: string;
  @IsOptional() @IsString() pass?: string;
  @IsOptional() @IsString() token?: string;
}

export function connectNats(options: NatsConnectionOptions, name: string): Promise<NatsConnection> {
  const { servers, user, pass, token } = options;
  // Fail fast at start-up rather than hang; reconnects after that are the client's own.
  return connect({ servers, user, pass, token, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
}
