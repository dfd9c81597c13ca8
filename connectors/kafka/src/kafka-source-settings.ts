import { ConfigError, type MalformedRecordPolicy } from '@weir/connector-sdk';
import { Kafka, logLevel, type RetryOptions } from 'kafkajs';
import { unreferencedSocketFactory } from './kafkajs-internals';
import {
  KafkaSourceConfig,
  retryOptions,
  validateKafkaOptions,
  type IsolationLevel,
  type StartingOffsets,
} from './kafka-options';

/** The Kafka source's options once validated, with their defaults filled in. */
export interface KafkaSourceSettings {
  readonly brokers: string[];
  readonly clientId: string;
  readonly retry: RetryOptions;
  readonly topics: string[];
  readonly topicPattern?: string;
  readonly startingOffsets: StartingOffsets;
  readonly groupId?: string;
  readonly commitOffsetsOnCheckpoint: boolean;
  readonly bounded: boolean;
  readonly isolationLevel: IsolationLevel;
  readonly partitionDiscoveryIntervalMs: number;
  readonly onMalformed: MalformedRecordPolicy | undefined;
  /** kafkajs's client, for the admin requests (metadata, offsets). */
  readonly kafka: Kafka;
}

const WHERE = 'kafkaSource';

export function resolveSourceSettings(plain: object): KafkaSourceSettings {
  const config = validateKafkaOptions(KafkaSourceConfig, plain, WHERE);
  if ((config.topics === undefined) === (config.topicPattern === undefined)) {
    throw new ConfigError(`${WHERE}: give either 'topics' or 'topicPattern' (exactly one of them).`);
  }
  if (config.topicPattern !== undefined) {
    try {
      new RegExp(config.topicPattern);
    } catch (error) {
      throw new ConfigError(`${WHERE}: 'topicPattern' is not a regular expression: ${(error as Error).message}.`);
    }
  }
  const startingOffsets = config.startingOffsets ?? 'earliest';
  if ((startingOffsets === 'committed' || config.commitOffsetsOnCheckpoint === true) && config.groupId === undefined) {
    throw new ConfigError(
      `${WHERE}: 'groupId' is needed with ${startingOffsets === 'committed' ? "startingOffsets 'committed'" : 'commitOffsetsOnCheckpoint'}.`,
    );
  }
  const clientId = config.clientId ?? 'weir';
  const retry = retryOptions(config.connectionRetries);
  return {
    brokers: config.brokers,
    clientId,
    retry,
    topics: config.topics ?? [],
    topicPattern: config.topicPattern,
    startingOffsets,
    groupId: config.groupId,
    commitOffsetsOnCheckpoint: config.commitOffsetsOnCheckpoint ?? false,
    bounded: config.bounded ?? false,
    isolationLevel: config.isolationLevel ?? 'read_committed',
    partitionDiscoveryIntervalMs: config.partitionDiscoveryIntervalMs ?? 30_000,
    onMalformed: config.onMalformed,
    kafka: new Kafka({
      brokers: config.brokers,
      clientId,
      retry,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 10_000,
      socketFactory: unreferencedSocketFactory(),
    }),
  };
}
