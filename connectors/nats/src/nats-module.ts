import { defineConnectorModule, namedFormat, type ConnectorOptions } from '@weir/connector-sdk';
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
      natsSource(withDefaults<NatsSourceOptions<unknown>>(defaults, options)),
    );
    registry.registerSink('nats', (options) => natsSink(withDefaults<NatsSinkOptions<unknown>>(defaults, options)));
  },
}) {}

/** Configuration's options over the module's defaults; natsSource and natsSink check the result, naming any bad field. */
function withDefaults<O>(defaults: NatsModuleOptions, options: ConnectorOptions): O {
  const merged: Record<string, unknown> = { ...defaults, ...options };
  if (merged.format !== undefined) merged.format = namedFormat(merged.format, 'nats connector');
  return merged as O;
}
