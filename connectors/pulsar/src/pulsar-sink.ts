import {
  asBytesFormat,
  ConfigError,
  isFormat,
  validateOptions,
  type Format,
  type Sink,
  type SinkWriter,
  type SinkWriterContext,
} from '@weir/connector-sdk';
import { PulsarAdmin } from './pulsar-admin';
import { PulsarSinkConfig, webSocketBase } from './pulsar-options';
import { parseTopic } from './pulsar-topic';
import { PulsarWriter, type PulsarWriterSettings } from './pulsar-writer';

export interface PulsarSinkOptions<T> {
  /** The broker's web service, `http://host:8080`. */
  webServiceUrl: string;
  /** `name` (in public/default) or `persistent://tenant/namespace/name`; it must exist. */
  topic: string;
  format: Format<T>;
  /** The message's key: a partitioned topic routes equal keys to the same partition. */
  key?: (value: T) => string | undefined;
  properties?: (value: T) => Record<string, string> | undefined;
  /** Messages sent before the writer waits for their acknowledgements (default 1,000). */
  batchSize?: number;
}

const WHERE = 'pulsarSink';

/**
 * Pulsar as an at-least-once sink: writers flush at every checkpoint. Pulsar's transactions are
 * not reachable through its WebSocket API, so there is no exactly-once mode.
 */
export class PulsarSink<T> implements Sink<T> {
  private readonly settings: PulsarWriterSettings<T>;
  private readonly admin: PulsarAdmin;

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
    };
  }

  createWriter(_ctx: SinkWriterContext): SinkWriter<T> {
    return new PulsarWriter(this.settings, this.admin);
  }
}

/** `stream.sinkTo(pulsarSink({ webServiceUrl, topic: 'counts', format: jsonFormat() }))` */
export function pulsarSink<T>(options: PulsarSinkOptions<T>): PulsarSink<T> {
  return new PulsarSink(options);
}
