import { ConfigError, startConnectors, type ConnectorRegistry } from '@weir/connector-sdk';
import { KafkaModule } from './kafka-module';
import { KafkaSink } from './kafka-sink';
import { KafkaSource } from './kafka-source';

async function registryWith(module: ReturnType<typeof KafkaModule.forRoot>): Promise<ConnectorRegistry> {
  return (await startConnectors([module])).registry;
}

describe('KafkaModule', () => {
  it("registers the 'kafka' source and sink, with the module's options as defaults and formats by name", async () => {
    const registry = await registryWith(KafkaModule.forRoot({ brokers: ['kafka:9092'], clientId: 'app' }));
    expect([registry.sourceNames(), registry.sinkNames()]).toEqual([['kafka'], ['kafka']]);
    const source = registry.createSource('kafka', { topics: 'clicks', format: 'json', bounded: true });
    expect(source).toBeInstanceOf(KafkaSource);
    expect(source.boundedness).toBe('bounded');
    const sink = registry.createSink('kafka', {
      topic: 'out',
      format: 'lines',
      deliveryGuarantee: 'exactly-once',
      transactionalIdPrefix: 'job',
    });
    expect(sink).toBeInstanceOf(KafkaSink);
    expect((sink as KafkaSink<unknown>).twoPhaseCommit).toBe(true);
  });

  it('refuses bad module options and bad connector options, naming the field', async () => {
    expect(() => KafkaModule.forRoot({ brokers: ['no-port'] })).toThrow(ConfigError);
    expect(() => KafkaModule.forRoot({ brokers: ['no-port'] })).toThrow(/'brokers' must be host:port addresses/);
    expect(() => KafkaModule.forRoot({ connectionRetries: -1 })).toThrow(/'connectionRetries'/);
    const registry = await registryWith(KafkaModule.forRoot({ brokers: ['kafka:9092'] }));
    expect(() => registry.createSource('kafka', { topics: 'clicks', format: 'xml' })).toThrow(
      /'format' must be one of json, lines, csv, raw/,
    );
    expect(() => registry.createSink('kafka', { format: 'json' })).toThrow(/'topic' must be a topic name/);
  });
});
