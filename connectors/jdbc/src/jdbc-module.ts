import { defineConnectorModule, withModuleDefaults } from '@weir/connector-sdk';
import { IsOptional, Matches } from 'class-validator';
import { jdbcSink, type JdbcSinkOptions } from './jdbc-sink';
import { jdbcSource, type JdbcSourceOptions } from './jdbc-source';

export class JdbcModuleOptions {
  /** The database that sources and sinks created by name use when their options name none. */
  @IsOptional()
  @Matches(/^(postgres|postgresql|mysql|mariadb):\/\/\S+$/, {
    message: 'url must be a postgres://, postgresql://, mysql:// or mariadb:// URL',
  })
  url?: string;
}

/**
 * The JDBC connector as a NestJS module: registers the source and sink 'jdbc' with the
 * ConnectorRegistry, for jobs defined by name and options (`registry.createSink('jdbc', { table })`).
 */
export class JdbcModule extends defineConnectorModule({
  name: 'jdbc',
  options: JdbcModuleOptions,
  register(registry, defaults) {
    registry.registerSource('jdbc', (options) =>
      jdbcSource(withModuleDefaults<JdbcSourceOptions<unknown>>(defaults, options, 'jdbc connector')),
    );
    registry.registerSink('jdbc', (options) =>
      jdbcSink(withModuleDefaults<JdbcSinkOptions>(defaults, options, 'jdbc connector')),
    );
  },
}) {}
