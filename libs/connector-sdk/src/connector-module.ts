import type {
  DynamicModule,
  InjectionToken,
  ModuleMetadata,
  OnModuleInit,
  OptionalFactoryDependency,
} from '@nestjs/common';
// Nest's decorators alone (see connector-registry.ts).
import 'reflect-metadata';
import { Inject, Injectable } from '@nestjs/common/decorators';
import { ConnectorRegistry } from './connector-registry';
import { ConnectorRegistryModule } from './connector-registry-module';
import { validateOptions, type OptionsClass } from './validate-options';

/** What a connector is: its name, its module options, and how it registers its factories. */
export interface ConnectorDefinition<O extends object> {
  /** The connector's name ('files', 'kafka'); its factories are usually registered under it. */
  readonly name: string;
  /** The module options' class, its properties decorated with class-validator. */
  readonly options: OptionsClass<O>;
  /** Registers the connector's source and sink factories; called on module init with validated options. */
  register(registry: ConnectorRegistry, options: O): void;
}

export interface ConnectorModuleAsyncOptions<O extends object> extends Pick<ModuleMetadata, 'imports'> {
  /** Computes the options (from a ConfigService, say); they are validated like forRoot's. */
  useFactory: (...args: never[]) => Partial<O> | Promise<Partial<O>>;
  /** The providers whose instances `useFactory` is called with, in order. */
  inject?: (InjectionToken | OptionalFactoryDependency)[];
}

/** The static side of a connector module: `XxxModule.forRoot(options)`, `XxxModule.forRootAsync(...)`. */
export interface ConnectorModuleClass<O extends object> {
  new (): object;
  readonly connectorName: string;
  forRoot(options?: Partial<O>): DynamicModule;
  forRootAsync(options: ConnectorModuleAsyncOptions<O>): DynamicModule;
}

/** Marks connector module classes, so a plugin's exports can be searched for one. */
const CONNECTOR_MODULE = Symbol.for('weir.connectorModule');
const CONNECTOR_OPTIONS = Symbol('weir.connectorOptions');
const CONNECTOR_DEFINITION = Symbol('weir.connectorDefinition');

/**
 * Makes a connector's NestJS dynamic module (DESIGN.md §8):
 *
 * ```ts
 * export class FilesModule extends defineConnectorModule({ name: 'files', options: FilesModuleOptions,
 *   register(registry, options) { registry.registerSource('files', (o) => fileSource(...)); } }) {}
 * ```
 *
 * `FilesModule.forRoot(options)` validates the options with class-validator (a ConfigError names the
 * field) and, on module init, calls `register` with the application's ConnectorRegistry.
 */
export function defineConnectorModule<O extends object>(definition: ConnectorDefinition<O>): ConnectorModuleClass<O> {
  const where = `${definition.name} connector module`;

  class ConnectorModule {
    static readonly connectorName = definition.name;
    static readonly [CONNECTOR_MODULE] = true;

    static forRoot(options: Partial<O> = {}): DynamicModule {
      const validated = validateOptions(definition.options, options, where);
      return this.dynamicModule({ provide: CONNECTOR_OPTIONS, useValue: validated });
    }

    static forRootAsync(options: ConnectorModuleAsyncOptions<O>): DynamicModule {
      const factory = options.useFactory as (...args: unknown[]) => Partial<O> | Promise<Partial<O>>;
      return this.dynamicModule(
        {
          provide: CONNECTOR_OPTIONS,
          useFactory: async (...args: unknown[]) => validateOptions(definition.options, await factory(...args), where),
          inject: options.inject ?? [],
        },
        options.imports,
      );
    }

    private static dynamicModule(
      optionsProvider: NonNullable<ModuleMetadata['providers']>[number],
      imports: ModuleMetadata['imports'] = [],
    ): DynamicModule {
      return {
        module: this,
        imports: [ConnectorRegistryModule, ...imports],
        providers: [optionsProvider, { provide: CONNECTOR_DEFINITION, useValue: definition }, ConnectorRegistration],
      };
    }
  }
  Object.defineProperty(ConnectorModule, 'name', { value: `${capitalize(definition.name)}ConnectorModule` });
  return ConnectorModule;
}

export function isConnectorModule(value: unknown): value is ConnectorModuleClass<object> {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[CONNECTOR_MODULE] === true;
}

/** Registers a connector module's factories once Nest has created its providers. */
@Injectable()
class ConnectorRegistration implements OnModuleInit {
  constructor(
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(CONNECTOR_DEFINITION) private readonly definition: ConnectorDefinition<object>,
    @Inject(CONNECTOR_OPTIONS) private readonly options: object,
  ) {}

  onModuleInit(): void {
    this.definition.register(this.registry, this.options);
  }
}

function capitalize(name: string): string {
  return name.replace(/(^|[-_ ])(\w)/g, (_, __, c: string) => c.toUpperCase());
}
