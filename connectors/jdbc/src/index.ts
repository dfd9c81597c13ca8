export { jdbcSource, type JdbcSource, type JdbcSourceOptions } from './jdbc-source';
export { jdbcSink, type JdbcSinkOptions, type DeliveryGuarantee, type JdbcCommittable } from './jdbc-sink';
export type { JdbcRow } from './jdbc-connection';
export type { JdbcSplit } from './jdbc-split';
export type { WriteMode } from './table-writer';
export { JdbcModule, JdbcModuleOptions } from './jdbc-module';
