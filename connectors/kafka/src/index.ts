/**
 * @weir/connector-kafka: Apache Kafka as a source and a sink (DESIGN.md §8, docs/connectors/kafka.md).
 */
export { kafkaSource, KafkaSource, type KafkaSourceOptions } from './kafka-source';
export type { KafkaSplit } from './kafka-split';
export type { KafkaEnumeratorState } from './kafka-split-enumerator';
export { kafkaSink, KafkaSink } from './kafka-sink';
export type { KafkaSinkOptions } from './kafka-sink-settings';
export type { KafkaCommittable } from './transaction-pool';
export { KafkaModule } from './kafka-module';
export { KafkaModuleOptions, type StartingOffsets, type DeliveryGuarantee, type IsolationLevel } from './kafka-options';
