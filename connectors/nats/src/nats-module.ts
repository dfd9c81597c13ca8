import { defineConnectorModule, withModuleDefaults } from '@weir/connector-sdk';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { natsSink, type NatsSinkOptions } from './nats-sink';
import { natsSource, type NatsSourceOptions } from './nats-source';

export class NatsModuleOptions {
  /** The servers, credentials and reconnection settings of sources and sinks created by name that give none. */
  @IsOptional() @IsString({ each: true }) servers?: string | string[];
  @IsOptional() @IsString() user?: string;
  @IsOptional() @IsString() pass?: string;
  @IsOptional() @IsString() token?: string;
  @IsOptional() @IsInt() @Min(-1) maxReconnectAttempts?: number;
  @IsOptional() @IsInt() @Min(0) reconnectTimeWaitMs?: number;
}

/**
 * The NATS JetStream connector as a NestJS module: registers the source and sink 'nats' with the
 * ConnectorRegistry, for jobs defined by name and options (`registry.createSource('nats', { stream })`).
 * There, `format` may be a name: 'json', 'lines', 'csv' or 'raw'.
 */
export class NatsModule extends defineConnectorModule({
  name: 'nats',
  options: NatsModuleOptions,
  register(registry, defaults) {
    registry.registerSource('nats', (options) =>
      natsSource(withModuleDefaults<NatsSourceOptions<unknown>>(defaults, options, 'nats connector')),
    );
    registry.registerSink('nats', (options) =>
      natsSink(withModuleDefaults<NatsSinkOptions<unknown>>(defaults, options, 'nats connector')),
    );
  },
}) {}
