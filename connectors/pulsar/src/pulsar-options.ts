/**
 * The options of the Pulsar source, sink and module as class-validator classes: a bad value is a
 * ConfigError naming its field (formats are checked by hand).
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
} from 'class-validator';

import { IsMalformedRecordPolicy, type MalformedRecordPolicy } from '@weir/connector-sdk';

/** The broker's web service, where its admin REST API and WebSocket API are. */
const WEB_SERVICE_URL = /^https?:\/\/[^\s/]+(:\d+)?\/?$/;
const URL_MESSAGE = "must be the broker's web service URL, http://host:port";

export type StartMessageId = 'earliest' | 'latest';

export type DeliveryGuarantee = 'at-least-once' | 'exactly-once';

export class PulsarSourceConfig {
  @IsString()
  @Matches(WEB_SERVICE_URL, { message: URL_MESSAGE })
  webServiceUrl!: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  topics!: string[];

  @IsOptional()
  @IsIn(['earliest', 'latest'])
  startMessageId?: StartMessageId;

  @IsOptional()
  @IsBoolean()
  bounded?: boolean;

  /** How often an unbounded source looks for new partitions of its partitioned topics; 0 never. */
  @IsOptional()
  @IsInt()
  @Min(0)
  partitionDiscoveryIntervalMs?: number;

  @IsOptional()
  @IsMalformedRecordPolicy()
  onMalformed?: MalformedRecordPolicy;
}

export class PulsarSinkConfig {
  @IsString()
  @Matches(WEB_SERVICE_URL, { message: URL_MESSAGE })
  webServiceUrl!: string;

  @IsString()
  topic!: string;

  @IsOptional()
  @IsIn(['at-least-once', 'exactly-once'])
  deliveryGuarantee?: DeliveryGuarantee;

  /** Messages a writer sends before it waits for their acknowledgements. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  batchSize?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  sendTimeoutMs?: number;
}

export class PulsarModuleOptions {
  @IsOptional()
  @IsString()
  @Matches(WEB_SERVICE_URL, { message: URL_MESSAGE })
  webServiceUrl?: string;
}

/** The WebSocket API's base from the web service URL: `ws://host:port/ws/v2`. */
export function webSocketBase(webServiceUrl: string): string {
  return `${webServiceUrl.replace(/\/$/, '').replace(/^http/, 'ws')}/ws/v2`;
}
