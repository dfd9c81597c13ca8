/**
 * The options of the Kafka source, sink and module, as class-validator classes: `kafkaSource`,
 * `kafkaSink` and `KafkaModule.forRoot` check what they are given against these (the plain-data
 * part; functions and formats are checked by hand), so a bad value is a ConfigError naming its field.
 */
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import {
  ConfigError,
  IsMalformedRecordPolicy,
  validateOptions,
  type MalformedRecordPolicy,
  type OptionsClass,
} from '@weir/connector-sdk';
import type { RetryOptions } from 'kafkajs';

/** host:port */
const BROKER_ADDRESS = /^[^\s:,]+:\d{1,5}$/;
/** Kafka's own rule for topic names. */
export const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export type StartingOffsets = 'earliest' | 'latest' | 'committed' | { timestamp: number };
export type DeliveryGuarantee = 'at-least-once' | 'exactly-once';
export type IsolationLevel = 'read_committed' | 'read_uncommitted';

@ValidatorConstraint({ name: 'startingOffsets' })
class StartingOffsetsRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === 'earliest' || value === 'latest' || value === 'committed') return true;
    if (value === null || typeof value !== 'object') return false;
    const keys = Object.keys(value);
    const timestamp = (value as { timestamp?: unknown }).timestamp;
    return keys.length === 1 && Number.isSafeInteger(timestamp) && (timestamp as number) >= 0;
  }

  defaultMessage(): string {
    return "must be 'earliest', 'latest', 'committed' or { timestamp: <epoch ms> }";
  }
}

/** The client's name and patience, shared by the source, the sink and the module's defaults. */
class KafkaClientOptions {
  @IsOptional()
  @IsString()
  @MinLength(1)
  clientId?: string;

  /** Attempts after the first, with exponential back-off, before a request fails the job. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  connectionRetries?: number;
}

/** How to reach the cluster: the source's and the sink's. */
export class KafkaConnectionOptions extends KafkaClientOptions {
  @IsArray()
  @ArrayNotEmpty({ message: 'must list at least one broker (host:port)' })
  @Matches(BROKER_ADDRESS, { each: true, message: 'must be host:port addresses' })
  brokers!: string[];
}

export class KafkaSourceConfig extends KafkaConnectionOptions {
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(TOPIC_NAME, { each: true, message: 'must be topic names (letters, digits, ".", "_", "-")' })
  topics?: string[];

  @IsOptional()
  @IsString()
  @MinLength(1)
  topicPattern?: string;

  @IsOptional()
  @Validate(StartingOffsetsRule)
  startingOffsets?: StartingOffsets;

  @IsOptional()
  @IsString()
  @MinLength(1)
  groupId?: string;

  @IsOptional()
  @IsBoolean()
  commitOffsetsOnCheckpoint?: boolean;

  @IsOptional()
  @IsBoolean()
  bounded?: boolean;

  @IsOptional()
  @IsIn(['read_committed', 'read_uncommitted'])
  isolationLevel?: IsolationLevel;

  /** How often an unbounded source looks for new partitions and topics; 0 never. */
  @IsOptional()
  @IsInt()
  @Min(0)
  partitionDiscoveryIntervalMs?: number;

  @IsOptional()
  @IsMalformedRecordPolicy()
  onMalformed?: MalformedRecordPolicy;
}

export class KafkaSinkConfig extends KafkaConnectionOptions {
  @IsString()
  @Matches(TOPIC_NAME, { message: 'must be a topic name (letters, digits, ".", "_", "-")' })
  topic!: string;

  @IsOptional()
  @IsIn(['at-least-once', 'exactly-once'])
  deliveryGuarantee?: DeliveryGuarantee;

  @IsOptional()
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]+$/, { message: 'must be letters, digits, ".", "_" or "-"' })
  transactionalIdPrefix?: string;

  /** How long the broker lets a transaction stay open before it aborts it: longer than a checkpoint interval. */
  @IsOptional()
  @IsInt()
  @Min(1_000)
  transactionTimeoutMs?: number;
}

/** The module's options: defaults for every Kafka source and sink created through the registry. */
export class KafkaModuleOptions extends KafkaClientOptions {
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty({ message: 'must list at least one broker (host:port)' })
  @Matches(BROKER_ADDRESS, { each: true, message: 'must be host:port addresses' })
  brokers?: string[];
}

/**
 * Validates the plain-data options after the forms a user may write them in are normalised:
 * `brokers` and `topics` as one comma-separated string, `topicPattern` as a RegExp.
 */
export function validateKafkaOptions<O extends object>(optionsClass: OptionsClass<O>, plain: object, where: string): O {
  const normalised: Record<string, unknown> = { ...plain };
  for (const field of ['brokers', 'topics']) {
    const value = normalised[field];
    if (typeof value === 'string') normalised[field] = value.split(',').map((part) => part.trim());
  }
  if (normalised.topicPattern instanceof RegExp) normalised.topicPattern = normalised.topicPattern.source;
  return validateOptions(optionsClass, normalised, where);
}

/** A function option, when given, must be a function. */
export function checkFunction(value: unknown, field: string, where: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new ConfigError(`${where}: '${field}' must be a function, not ${typeof value}.`);
  }
}

export function retryOptions(connectionRetries: number | undefined): RetryOptions {
  return { retries: connectionRetries ?? 5, initialRetryTime: 300, maxRetryTime: 10_000 };
}
