import { WeirError } from '@weir/connector-sdk';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, ErrorCode, NatsError, type NatsConnection } from 'nats';

/** How a NATS source or sink reaches the server; validated with the rest of its options. */
export interface NatsConnectionOptions {
  /** 'nats://127.0.0.1:4222', or several for a cluster. */
  servers: string | string[];
  user?: string;
  pass?: string;
  token?: string;
  /**
   * How often the client tries to reach the server, at first and after losing it, before it gives
   * up and the task fails (default 20; -1 for ever).
   */
  maxReconnectAttempts?: number;
  /** The pause between those tries (default 500 ms). */
  reconnectTimeWaitMs?: number;
}

/** The class-validator schema of NatsConnectionOptions, extended by each source's and sink's. */
export class NatsConnectionOptionsSchema {
  @IsString({ each: true }) servers!: string | string[];
  @IsOptional() @IsString() user?: string;
  @IsOptional() @IsString() pass?: string;
  @IsOptional() @IsString() token?: string;
  @IsOptional() @IsInt() @Min(-1) maxReconnectAttempts?: number;
  @IsOptional() @IsInt() @Min(0) reconnectTimeWaitMs?: number;
}

/** The server refused the credentials: trying again would only be refused again. */
const REFUSALS: ReadonlySet<string> = new Set([
  ErrorCode.AuthorizationViolation,
  ErrorCode.BadAuthentication,
  ErrorCode.AuthenticationExpired,
]);

/** `name` is the connection's name as the server shows it: "weir natsSink 0". */
export async function connectNats(options: NatsConnectionOptions, name: string): Promise<NatsConnection> {
  const { servers, user, pass, token, maxReconnectAttempts = 20, reconnectTimeWaitMs = 500 } = options;
  const settings = { servers, user, pass, token, name, maxReconnectAttempts, reconnectTimeWait: reconnectTimeWaitMs };
  // The first connection is tried like a reconnection (the client's own `waitOnFirstConnect` would
  // try for ever): a server that is restarting is waited for, one that is not there fails the task.
  for (let attempt = 0; ; attempt++) {
    try {
      return await connect(settings);
    } catch (error) {
      if (error instanceof NatsError && REFUSALS.has(error.code)) {
        throw new WeirError(
          `${name}: NATS at ${[servers].flat().join(', ')} ('servers') refused ${credentialsOf(options)}: ${error.message}`,
          { cause: error },
        );
      }
      if (maxReconnectAttempts !== -1 && attempt >= maxReconnectAttempts) {
        throw new WeirError(
          `${name}: cannot connect to NATS at ${[servers].flat().join(', ')} ('servers'), tried ${attempt + 1} ` +
            `times ('maxReconnectAttempts'): ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      await sleep(reconnectTimeWaitMs);
    }
  }
}

/** Which credentials the server refused, without their secrets. */
function credentialsOf({ user, token }: NatsConnectionOptions): string {
  if (token !== undefined) return "'token'";
  return user !== undefined ? `'user' ${user} and 'pass'` : 'no credentials';
}
