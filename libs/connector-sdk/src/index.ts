/**
 * @weir/connector-sdk: what a connector is written with (DESIGN.md §8). The source and sink SPI,
 * the ConnectorRegistry and the NestJS connector module it registers through, option validation,
 * the record formats every connector shares, and the loading of third-party connector packages.
 */
export * from './spi';
export * from './connector-registry';
export * from './connector-registry-module';
export {
  defineConnectorModule,
  isConnectorModule,
  type ConnectorDefinition,
  type ConnectorModuleClass,
  type ConnectorModuleAsyncOptions,
} from './connector-module';
export * from './validate-options';
export * from './batching-sink-writer';
export * from './write-ahead-sink-writer';
export * from './module-defaults';
export * from './discovering-split-enumerator';
export * from './load-connector-plugins';
export * from './installed-connectors';
export * from './formats';
export * from './malformed-records';
