// Nest's decorators alone (see connector-registry.ts).
import 'reflect-metadata';
import { Global, Module } from '@nestjs/common/decorators';
import { ConnectorRegistry } from './connector-registry';

/**
 * Provides the one ConnectorRegistry of a Nest application: every connector module imports it, so
 * they all register with the same instance, which the application gets with `app.get(ConnectorRegistry)`.
 */
@Global()
@Module({ providers: [ConnectorRegistry], exports: [ConnectorRegistry] })
export class ConnectorRegistryModule {}
