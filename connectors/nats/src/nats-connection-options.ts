import { WeirError } from '@weir/connector-sdk';
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

/** `name` is the connection's name as the server shows it: "weir natsSink 0". */
export async function connectNats(options: NatsConnectionOptions, name: string): Promise<NatsConnection> {
  const { servers, user, pass, token } = options;
  try {
    // The first connection fails fast; once up, the client reconnects on its own.
    return await connect({ servers, user, pass, token, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  } catch (error) {
    throw new WeirError(
      `${name}: cannot connect to NATS at ${[servers].flat().join(', ')} ('servers'): ` +
        `${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
