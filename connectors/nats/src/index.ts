export { natsSource, type NatsSource, type NatsSourceOptions } from './nats-source';
export { natsSink, type NatsSinkOptions, type DeliveryGuarantee } from './nats-sink';
export type { NatsConnectionOptions } from './nats-connection-options';
export type { JetStreamSplit } from './jetstream-split';
export type { NatsCommittable } from './nats-committable';
export { NatsModule, NatsModuleOptions } from './nats-module';
