import type { PulsarMessageSettings } from './pulsar-message';
import type { PulsarTopic } from './pulsar-topic';

/** Where and how a Pulsar sink's producers send. */
export interface PulsarProducerSettings {
  readonly webSocketBase: string;
  readonly topic: PulsarTopic;
  /** Messages sent before their acknowledgements are awaited (the producer's pending limit too). */
  readonly batchSize: number;
  /** How long the broker may take to open a producer or to acknowledge a batch. */
  readonly sendTimeoutMs: number;
}

/** A Pulsar sink's options once checked, as its writers and committers use them. */
export interface PulsarSinkSettings<T> extends PulsarProducerSettings, PulsarMessageSettings<T> {}
