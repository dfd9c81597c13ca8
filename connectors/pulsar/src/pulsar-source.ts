import {
  asBytesFormat,
  ConfigError,
  isFormat,
  validateOptions,
  type Boundedness,
  type MalformedRecordPolicy,
  type BytesFormat,
  type Format,
  type Source,
  type SourceReader,
  type SourceReaderContext,
  type SplitEnumerator,
  type SplitEnumeratorContext,
} from '@weir/connector-sdk';
import { PulsarAdmin } from './pulsar-admin';
import { PulsarSourceConfig, webSocketBase, type StartMessageId } from './pulsar-options';
import type { PulsarSplit } from './pulsar-split';
import {
  PulsarSplitEnumerator,
  type PulsarEnumeratorSettings,
  type PulsarEnumeratorState,
} from './pulsar-split-enumerator';
import { PulsarSourceReader, type PulsarReaderSettings } from './pulsar-source-reader';
import { parseTopic } from './pulsar-topic';

export interface PulsarSourceOptions<T> {
  /** The broker's web service, `http://host:8080`: its admin REST API and WebSocket API. */
  webServiceUrl: string;
  /** Topics, `name` (in public/default) or `persistent://tenant/namespace/name`; partitioned ones are read per partition. */
  topics: string[] | string;
  /** Where a topic starts when the job starts without a checkpoint (default 'earliest'). */
  startMessageId?: StartMessageId;
  /** Reads each topic up to its last message as of the job's start, then ends (default: unbounded). */
  bounded?: boolean;
  /** How often an unbounded source looks for new partitions, in ms (default 30 s; 0 never). */
  partitionDiscoveryIntervalMs?: number;
  /** How a message's payload becomes a record. */
  format: Format<T>;
  /**
   * A message the format cannot read: 'fail' the job (default), or `{ deadLetterPath }` to write it
   * to `<deadLetterPath>/dead-letter-<subtask>.jsonl`, with its topic, message id and why, and read on.
   */
  onMalformed?: MalformedRecordPolicy;
}

const WHERE = 'pulsarSource';

/**
 * Pulsar as a split-based source: one split per topic or partition, the id of the last message
 * emitted as its position in checkpoints. Records carry the message's event time if it has one,
 * else its publish time. A message the format cannot read fails the job or goes to a dead-letter
 * output (`onMalformed`).
 */
export class PulsarSource<T> implements Source<T, PulsarSplit, PulsarEnumeratorState> {
  readonly boundedness: Boundedness;
  private readonly enumeratorSettings: PulsarEnumeratorSettings;
  private readonly readerSettings: PulsarReaderSettings;
  private readonly admin: PulsarAdmin;
  private readonly format: BytesFormat<T>;

  constructor(options: PulsarSourceOptions<T>) {
    const { format, ...plain } = (options ?? {}) as PulsarSourceOptions<T>;
    if (!isFormat(format)) {
      throw new ConfigError(`${WHERE}: 'format' must be a record format, such as jsonFormat() or linesFormat().`);
    }
    const topics = typeof plain.topics === 'string' ? plain.topics.split(',').map((t) => t.trim()) : plain.topics;
    const config = validateOptions(PulsarSourceConfig, { ...plain, topics }, WHERE);
    const parsed = config.topics.map((topic) => parseTopic(topic, WHERE, 'topics'));
    this.format = asBytesFormat(format);
    this.admin = new PulsarAdmin(config.webServiceUrl.replace(/\/$/, ''), WHERE);
    this.boundedness = config.bounded === true ? 'bounded' : 'unbounded';
    this.enumeratorSettings = {
      topics: parsed,
      startMessageId: config.startMessageId ?? 'earliest',
      bounded: config.bounded === true,
      partitionDiscoveryIntervalMs: config.partitionDiscoveryIntervalMs ?? 30_000,
    };
    this.readerSettings = {
      webSocketBase: webSocketBase(config.webServiceUrl),
      topics: parsed,
      onMalformed: config.onMalformed,
      textPayloads: format.kind === 'text',
    };
  }

  createEnumerator(ctx: SplitEnumeratorContext<PulsarSplit>): SplitEnumerator<PulsarSplit, PulsarEnumeratorState> {
    return new PulsarSplitEnumerator(ctx, this.enumeratorSettings, this.admin);
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<PulsarSplit>,
    checkpoint: PulsarEnumeratorState,
  ): SplitEnumerator<PulsarSplit, PulsarEnumeratorState> {
    return new PulsarSplitEnumerator(ctx, this.enumeratorSettings, this.admin, checkpoint);
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, PulsarSplit> {
    return new PulsarSourceReader(ctx, this.readerSettings, this.admin, this.format);
  }
}

/** `env.fromSource(pulsarSource({ webServiceUrl, topics: 'clicks', format: jsonFormat<Click>() }), …)` */
export function pulsarSource<T>(options: PulsarSourceOptions<T>): PulsarSource<T> {
  return new PulsarSource(options);
}
