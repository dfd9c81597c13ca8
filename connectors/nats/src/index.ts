export { natsSource, type NatsSource, type NatsSourceOptions } from './nats-source';
export { natsSink, type NatsSinkOptions, type DeliveryGuarantee, type NatsCommittable } from './nats-sink';
export type { NatsConnectionOptions } from './nats-connection-options';
export type { JetStreamSplit } from './jetstream-split';
export { NatsModule, NatsModuleOptions } from './nats-module';
