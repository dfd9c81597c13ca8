import { ConfigError, isFormat, type Format } from '@weir/connector-sdk';
import type { RetryOptions } from 'kafkajs';
import {
  checkFunction,
  KafkaSinkConfig,
  retryOptions,
  validateKafkaOptions,
  type DeliveryGuarantee,
} from './kafka-options';
import { payloadFormat, type PayloadFormat } from './payload-format';

export interface KafkaSinkOptions<T> {
  /** Bootstrap brokers, `host:port`, as a list or comma-separated. */
  brokers: string[] | string;
  /** The topic every record goes to; it must exist. */
  topic: string;
  /** How a record becomes a message's value. */
  format: Format<T>;
  /** The message's key; records with equal keys go to the same partition (unless `partitioner` says otherwise). */
  key?: (value: T) => string | Uint8Array | null | undefined;
  headers?: (value: T) => Record<string, string | Uint8Array> | undefined;
  /** Picks the partition, in [0, partitions); by default the key's murmur2 hash, as Kafka's own producer. */
  partitioner?: (value: T, key: string | Uint8Array | null | undefined, partitions: number) => number;
  /**
   * 'at-least-once' (default): written and acknowledged at each checkpoint. 'exactly-once': each
   * checkpoint's records in one Kafka transaction, committed when the checkpoint is complete.
   */
  deliveryGuarantee?: DeliveryGuarantee;
  /** Exactly-once: transactional ids are `<prefix>-<subtask>-<n>`; unique per job and sink. */
  transactionalIdPrefix?: string;
  /** Exactly-once: how long the broker keeps a transaction open (default 15 min, the broker's maximum). */
  transactionTimeoutMs?: number;
  clientId?: string;
  /** Attempts after the first, with back-off, before a failing request fails the job (default 5). */
  connectionRetries?: number;
}

/** The sink's options once validated, with their defaults filled in. */
export interface KafkaSinkSettings<T> {
  readonly brokers: string[];
  readonly clientId: string;
  readonly retry: RetryOptions;
  readonly topic: string;
  readonly format: PayloadFormat<T>;
  readonly key?: KafkaSinkOptions<T>['key'];
  readonly headers?: KafkaSinkOptions<T>['headers'];
  readonly partitioner?: KafkaSinkOptions<T>['partitioner'];
  readonly deliveryGuarantee: DeliveryGuarantee;
  readonly transactionalIdPrefix: string;
  readonly transactionTimeoutMs: number;
}

const WHERE = 'kafkaSink';

export function resolveSinkSettings<T>(options: KafkaSinkOptions<T>): KafkaSinkSettings<T> {
  const { format, key, headers, partitioner, ...plain } = (options ?? {}) as KafkaSinkOptions<T>;
  if (!isFormat(format)) {
    throw new ConfigError(`${WHERE}: 'format' must be a record format, such as jsonFormat() or linesFormat().`);
  }
  checkFunction(key, 'key', WHERE);
  checkFunction(headers, 'headers', WHERE);
  checkFunction(partitioner, 'partitioner', WHERE);
  const config = validateKafkaOptions(KafkaSinkConfig, plain, WHERE);
  const deliveryGuarantee = config.deliveryGuarantee ?? 'at-least-once';
  if (deliveryGuarantee === 'exactly-once' && config.transactionalIdPrefix === undefined) {
    throw new ConfigError(
      `${WHERE}: 'transactionalIdPrefix' is needed with deliveryGuarantee 'exactly-once' ` +
        '(unique per job and sink: a restarted job uses it to find and abort its lingering transactions).',
    );
  }
  return {
    brokers: config.brokers,
    clientId: config.clientId ?? 'weir',
    retry: retryOptions(config.connectionRetries),
    topic: config.topic,
    format: payloadFormat(format),
    key,
    headers,
    partitioner,
    deliveryGuarantee,
    transactionalIdPrefix: config.transactionalIdPrefix ?? '',
    transactionTimeoutMs: config.transactionTimeoutMs ?? 900_000,
  };
}
