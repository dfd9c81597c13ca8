/**
 * @weir/connector-pulsar: Apache Pulsar as a source and an at-least-once or exactly-once sink, over
 * Pulsar's WebSocket and admin REST APIs (DESIGN.md §8, docs/connectors/pulsar.md).
 */
export { pulsarSource, PulsarSource, type PulsarSourceOptions } from './pulsar-source';
export type { PulsarSplit } from './pulsar-split';
export type { PulsarEnumeratorState } from './pulsar-split-enumerator';
export { pulsarSink, PulsarSink, ExactlyOncePulsarSink, type PulsarSinkOptions } from './pulsar-sink';
export type { PulsarCommittable } from './exactly-once-pulsar-writer';
export { PulsarModule } from './pulsar-module';
export { PulsarModuleOptions, type DeliveryGuarantee, type StartMessageId } from './pulsar-options';
