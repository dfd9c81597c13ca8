import {
  asBytesFormat,
  ConfigError,
  isFormat,
  validateOptions,
  type Committer,
  type CommitterContext,
  type Format,
  type PrecommittingSinkWriter,
  type Sink,
  type SinkWriter,
  type SinkWriterContext,
  type TwoPhaseCommittingSink,
} from '@weir/connector-sdk';
import { PulsarAdmin } from './pulsar-admin';
import { ExactlyOncePulsarWriter, type PulsarCommittable } from './exactly-once-pulsar-writer';
import { PulsarCommitter } from './pulsar-committer';
import { messageEncoder } from './pulsar-message';
import { PulsarSinkConfig, webSocketBase, type DeliveryGuarantee } from './pulsar-options';
import type { PulsarSinkSettings } from './pulsar-sink-settings';
import { parseTopic } from './pulsar-topic';
import { PulsarWriter } from './pulsar-writer';

export interface PulsarSinkOptions<T> {
  /** The broker's web service, `http://host:8080`. */
  webServiceUrl: string;
  /** `name` (in public/default) or `persistent://tenant/namespace/name`; it must exist. */
  topic: string;
  format: Format<T>;
  /** The message's key: a partitioned topic routes equal keys to the same partition. */
  key?: (value: T) => string | undefined;
  properties?: (value: T) => Record<string, string> | undefined;
  /**
   * 'at-least-once' (default): messages are sent as records come, and acknowledged by each checkpoint.
   * 'exactly-once': each checkpoint's messages are sent once it is complete, under producer names and
   * sequence ids that let Pulsar's message deduplication (which must be on for the topic) drop a replay.
   */
  deliveryGuarantee?: DeliveryGuarantee;
  /** Messages sent before the writer waits for their acknowledgements (default 1,000). */
  batchSize?: number;
  /**
   * How long the broker may take to open a producer or to acknowledge a batch (default 30 s, as
   * Pulsar's client's send timeout). Past it the write fails, and the job's restart strategy decides.
   */
  sendTimeoutMs?: number;
}

const WHERE = 'pulsarSink';

/**
 * Pulsar as a sink. A message carries its record's timestamp as its event time. At least once,
 * writers send as records come and flush at every checkpoint; exactly once, they keep each
 * checkpoint's messages, which the committer sends when it is complete (see PulsarCommitter).
 * Pulsar's transactions are not reachable through its WebSocket API; its deduplication is.
 */
export class PulsarSink<T> implements Sink<T> {
  protected readonly settings: PulsarSinkSettings<T>;
  protected readonly admin: PulsarAdmin;

  constructor(options: PulsarSinkOptions<T>) {
    const { format, key, properties, ...plain } = (options ?? {}) as PulsarSinkOptions<T>;
    if (!isFormat(format)) {
      throw new ConfigError(`${WHERE}: 'format' must be a record format, such as jsonFormat() or linesFormat().`);
    }
    for (const [field, value] of Object.entries({ key, properties })) {
      if (value !== undefined && typeof value !== 'function') {
        throw new ConfigError(`${WHERE}: '${field}' must be a function, not ${typeof value}.`);
      }
    }
    const config = validateOptions(PulsarSinkConfig, plain, WHERE);
    this.admin = new PulsarAdmin(config.webServiceUrl.replace(/\/$/, ''), WHERE);
    this.settings = {
      webSocketBase: webSocketBase(config.webServiceUrl),
      topic: parseTopic(config.topic, WHERE, 'topic'),
      format: asBytesFormat(format),
      key,
      properties,
      batchSize: config.batchSize ?? 1_000,
      sendTimeoutMs: config.sendTimeoutMs ?? 30_000,
    };
  }

  createWriter(_ctx: SinkWriterContext): SinkWriter<T> {
    return new PulsarWriter(this.settings, this.admin);
  }
}

/** Pulsar as an exactly-once sink, through its message deduplication. */
export class ExactlyOncePulsarSink<T> extends PulsarSink<T> implements TwoPhaseCommittingSink<T, PulsarCommittable> {
  readonly twoPhaseCommit = true;

  override createWriter(ctx: SinkWriterContext): PrecommittingSinkWriter<T, PulsarCommittable> {
    return new ExactlyOncePulsarWriter(
      ctx.subtaskIndex,
      messageEncoder(this.settings),
      this.settings.topic,
      this.admin,
    );
  }

  createCommitter(ctx: CommitterContext): Committer<PulsarCommittable> {
    return new PulsarCommitter(this.settings, this.admin, ctx);
  }
}

/** `stream.sinkTo(pulsarSink({ webServiceUrl, topic: 'counts', format: jsonFormat() }))` */
export function pulsarSink<T>(options: PulsarSinkOptions<T>): PulsarSink<T> {
  return options?.deliveryGuarantee === 'exactly-once' ? new ExactlyOncePulsarSink(options) : new PulsarSink(options);
}
