import {
  asBytesFormat,
  ConfigError,
  jsonFormat,
  validateOptions,
  type BytesFormat,
  type Committer,
  type CommitterContext,
  type Format,
  type PrecommittingSinkWriter,
  type Sink,
  type SinkWriter,
  type SinkWriterContext,
  type TwoPhaseCommittingSink,
  type WriteAheadCommittable,
  WriteAheadSinkWriter,
} from '@weir/connector-sdk';
import { IsIn, IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { IsFormat } from './is-format';
import { JetStreamPublisher } from './jetstream-publisher';
import { NatsCommitter } from './nats-committer';
import { NatsConnectionOptionsSchema, type NatsConnectionOptions } from './nats-connection-options';
import { NatsSinkWriter } from './nats-sink-writer';

export type DeliveryGuarantee = 'at-least-once' | 'exactly-once';

export interface NatsSinkOptions<T> extends NatsConnectionOptions {
  /** The subject published to; a JetStream stream must take it. */
  subject: string;
  /** How records become payloads (default JSON), from @weir/connector-sdk. */
  format?: Format<T>;
  /**
   * 'at-least-once' (default): published as records come, acks awaited at each checkpoint.
   * 'exactly-once': each checkpoint's messages are published when it completes, with message ids
   * that let JetStream drop a replay (within the stream's duplicate window).
   */
  deliveryGuarantee?: DeliveryGuarantee;
  /** Messages published before their acks are awaited (default 1000). */
  batchSize?: number;
  /** How long to wait for acks before failing (default 30 s). */
  ackTimeoutMs?: number;
}

class NatsSinkOptionsSchema extends NatsConnectionOptionsSchema {
  @IsString() @MinLength(1) subject!: string;
  @IsOptional() @IsFormat() format?: Format<unknown>;
  @IsOptional() @IsIn(['at-least-once', 'exactly-once']) deliveryGuarantee?: DeliveryGuarantee;
  @IsOptional() @IsInt() @Min(1) batchSize?: number;
  @IsOptional() @IsInt() @Min(1) ackTimeoutMs?: number;
}

interface NatsSinkConfig<T> {
  readonly connection: NatsConnectionOptions;
  readonly subject: string;
  readonly format: BytesFormat<T>;
  readonly batchSize: number;
  readonly ackTimeoutMs: number;
}

/** A sink publishing each record as a message to a JetStream subject, with acks. */
export function natsSink<T = unknown>(options: NatsSinkOptions<T>): Sink<T> {
  const valid = validateOptions(NatsSinkOptionsSchema, options, 'natsSink');
  if (/[\s*>]/.test(valid.subject) || valid.subject.startsWith('.') || valid.subject.endsWith('.')) {
    throw new ConfigError(
      `natsSink: 'subject' must be a subject to publish to, without wildcards, not '${valid.subject}'.`,
    );
  }
  const config: NatsSinkConfig<T> = {
    connection: valid,
    subject: valid.subject,
    format: asBytesFormat(options.format ?? jsonFormat<T>()),
    batchSize: valid.batchSize ?? 1000,
    ackTimeoutMs: valid.ackTimeoutMs ?? 30_000,
  };
  return valid.deliveryGuarantee === 'exactly-once' ? new ExactlyOnceNatsSink(config) : new AtLeastOnceNatsSink(config);
}

class AtLeastOnceNatsSink<T> implements Sink<T> {
  constructor(private readonly config: NatsSinkConfig<T>) {}

  createWriter(ctx: SinkWriterContext): SinkWriter<T> {
    const config = this.config;
    const publisher = new JetStreamPublisher(config, `weir natsSink ${ctx.subtaskIndex}`);
    return new NatsSinkWriter(publisher, config.format, config.batchSize);
  }
}

/** One checkpoint's encoded messages from one subtask, published when the checkpoint completes. */
export type NatsCommittable = WriteAheadCommittable<Uint8Array>;

class ExactlyOnceNatsSink<T> implements TwoPhaseCommittingSink<T, NatsCommittable> {
  readonly twoPhaseCommit = true;

  constructor(private readonly config: NatsSinkConfig<T>) {}

  createWriter(ctx: SinkWriterContext): PrecommittingSinkWriter<T, NatsCommittable> {
    const format = this.config.format;
    return new WriteAheadSinkWriter(ctx.subtaskIndex, (value: T) => format.encode(value));
  }

  createCommitter(ctx: CommitterContext): Committer<NatsCommittable> {
    return new NatsCommitter(new JetStreamPublisher(this.config, `weir natsSink committer ${ctx.subtaskIndex}`));
  }
}
