import { defineConnectorModule } from '@weir/connector-sdk';
import { IsOptional, IsString } from 'class-validator';
import { natsSink, type NatsSinkOptions } from './nats-sink';
import { natsSource, type NatsSourceOptions } from './nats-source';

export class NatsModuleOptions {
  /** The servers (and credentials) that sources and sinks created by name use when theirs name none. */
  @IsOptional() @IsString({ each: true }) servers?: string | string[];
  @IsOptional() @IsString() user?: string;
  @IsOptional() @IsString() pass?: string;
  @IsOptional() @IsString() token?: string;
}

/**
 * The NATS JetStream connector as a NestJS module: registers the source and sink 'nats' with the
 * ConnectorRegistry, for jobs defined by name and options (`registry.createSource('nats', { stream })`).
 */
export class NatsModule extends defineConnectorModule({
  name: 'nats',
  options: NatsModuleOptions,
  register(registry, defaults) {
    // The options are checked by natsSource/natsSink, which name any bad field.
    registry.registerSource('nats', (options) => natsSource({ ...defaults, ...options } as NatsSourceOptions<unknown>));
    registry.registerSink('nats', (options) => natsSink({ ...defaults, ...options } as NatsSinkOptions<unknown>));
  },
}) {}
