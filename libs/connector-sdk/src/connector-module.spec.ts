import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@weir/common';
import { NumberSequenceSource, SourceTestDriver } from '@weir/core';
import { IsInt, IsOptional, Min } from 'class-validator';
import { defineConnectorModule, isConnectorModule } from './connector-module';
import { ConnectorRegistry } from './connector-registry';

class CounterOptions {
  @IsOptional()
  @IsInt()
  @Min(1)
  defaultTo?: number;
}

class CounterModule extends defineConnectorModule({
  name: 'counter',
  options: CounterOptions,
  register(registry, options) {
    registry.registerSource('counter', (o) => new NumberSequenceSource(1, Number(o.to ?? options.defaultTo ?? 3)));
  },
}) {}

@Injectable()
class Settings {
  readonly counterTo = 7;
}

@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

async function boot(imports: Parameters<typeof Module>[0]['imports']) {
  @Module({ imports })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

/** How many numbers the registered 'counter' source counts to, run to its end. */
function countTo(app: Awaited<ReturnType<typeof boot>>): number {
  const driver = new SourceTestDriver(app.get(ConnectorRegistry).createSource('counter'), { parallelism: 1 });
  const [numbers] = driver.runToEnd();
  driver.close();
  return numbers.length;
}

describe('defineConnectorModule', () => {
  it('registers the factories with the application registry on init, with the forRoot options', async () => {
    const app = await boot([CounterModule.forRoot({ defaultTo: 4 })]);
    expect(app.get(ConnectorRegistry).sourceNames()).toEqual(['counter']);
    expect(countTo(app)).toBe(4);
    await app.close();
  });

  it('computes the options with forRootAsync from injected providers', async () => {
    const app = await boot([
      CounterModule.forRootAsync({
        imports: [SettingsModule],
        useFactory: (settings: Settings) => ({ defaultTo: settings.counterTo }),
        inject: [Settings],
      }),
    ]);
    expect(countTo(app)).toBe(7);
    await app.close();
  });

  it('names a bad option field in forRoot, and in forRootAsync when the application starts', async () => {
    expect(() => CounterModule.forRoot({ defaultTo: 0 })).toThrow(ConfigError);
    expect(() => CounterModule.forRoot({ defaultTo: 0 })).toThrow(
      "counter connector module: invalid options: 'defaultTo' must not be less than 1 (got 0).",
    );
    const module = CounterModule.forRootAsync({ useFactory: () => ({ defaultTo: 1.5 }) });
    await expect(boot([module])).rejects.toThrow("'defaultTo' must be an integer number (got 1.5)");
  });

  it('shares one registry between connector modules and the application', async () => {
    class OtherModule extends defineConnectorModule({
      name: 'other-thing',
      options: CounterOptions,
      register: (registry) =>
        registry.registerSink('other', () => ({ createWriter: () => ({ write() {}, flush() {}, close() {} }) })),
    }) {}
    @Injectable()
    class UsesRegistry {
      constructor(@Inject(ConnectorRegistry) readonly registry: ConnectorRegistry) {}
    }
    @Module({ providers: [UsesRegistry] })
    class Consumer {}
    const app = await boot([CounterModule.forRoot(), OtherModule.forRoot(), Consumer]);
    expect(app.get(UsesRegistry).registry).toBe(app.get(ConnectorRegistry));
    expect(app.get(ConnectorRegistry).sinkNames()).toEqual(['other']);
    expect(OtherModule.name).toBe('OtherModule');
    expect(isConnectorModule(OtherModule)).toBe(true);
    expect(isConnectorModule(Consumer)).toBe(false);
    await app.close();
  });
});
