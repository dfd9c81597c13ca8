import {
  ConfigError,
  isFormat,
  type Boundedness,
  type Format,
  type MalformedRecordPolicy,
  type Source,
  type SourceReader,
  type SourceReaderContext,
  type SplitEnumerator,
  type SplitEnumeratorContext,
} from '@weir/connector-sdk';
import type { IsolationLevel, StartingOffsets } from './kafka-options';
import type { KafkaSplit } from './kafka-split';
import { KafkaSplitEnumerator, type KafkaEnumeratorState } from './kafka-split-enumerator';
import { KafkaSourceReader } from './kafka-source-reader';
import { resolveSourceSettings, type KafkaSourceSettings } from './kafka-source-settings';
import { payloadFormat, type PayloadFormat } from './payload-format';

export interface KafkaSourceOptions<T> {
  /** Bootstrap brokers, `host:port`, as a list or comma-separated. */
  brokers: string[] | string;
  /** The topics to read; or give `topicPattern`. */
  topics?: string[] | string;
  /** Reads every topic whose whole name matches, including topics created while the job runs. */
  topicPattern?: RegExp | string;
  /** Where a partition starts when the job starts without a checkpoint (default 'earliest'). */
  startingOffsets?: StartingOffsets;
  /** The consumer group whose committed offsets `'committed'` starts from and checkpoints commit to. */
  groupId?: string;
  /** Commits each complete checkpoint's offsets to `groupId` (for monitoring; restores use the checkpoint). */
  commitOffsetsOnCheckpoint?: boolean;
  /** Reads each partition up to its end as of the job's start, then ends (default: unbounded). */
  bounded?: boolean;
  /** Default 'read_committed': records of open or aborted transactions are not read. */
  isolationLevel?: IsolationLevel;
  /** How often an unbounded source looks for new partitions and topics, in ms (default 30 s; 0 never). */
  partitionDiscoveryIntervalMs?: number;
  /** How a message's value becomes a record (`jsonFormat<Click>()`, `linesFormat()`, `rawBytesFormat()`…). */
  format: Format<T>;
  /**
   * A value the format cannot read: 'fail' (default) fails the job with a RecordError naming the
   * topic, partition and offset; `{ deadLetterPath }` writes it there (with where it was and why)
   * and reads on.
   */
  onMalformed?: MalformedRecordPolicy;
  clientId?: string;
  /** Attempts after the first, with back-off, before a failing request fails the job (default 5). */
  connectionRetries?: number;
}

/**
 * Kafka as a split-based source: one split per partition, assigned by the enumerator (no consumer
 * group), each split's offset in the checkpoint; records carry their Kafka timestamps.
 */
export class KafkaSource<T> implements Source<T, KafkaSplit, KafkaEnumeratorState> {
  readonly boundedness: Boundedness;
  private readonly settings: KafkaSourceSettings;
  private readonly format: PayloadFormat<T>;

  constructor(options: KafkaSourceOptions<T>) {
    const { format, ...plain } = (options ?? {}) as KafkaSourceOptions<T>;
    if (!isFormat(format)) {
      throw new ConfigError("kafkaSource: 'format' must be a record format, such as jsonFormat() or linesFormat().");
    }
    this.settings = resolveSourceSettings(plain);
    this.format = payloadFormat(format);
    this.boundedness = this.settings.bounded ? 'bounded' : 'unbounded';
  }

  createEnumerator(ctx: SplitEnumeratorContext<KafkaSplit>): SplitEnumerator<KafkaSplit, KafkaEnumeratorState> {
    return new KafkaSplitEnumerator(ctx, this.settings);
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<KafkaSplit>,
    checkpoint: KafkaEnumeratorState,
  ): SplitEnumerator<KafkaSplit, KafkaEnumeratorState> {
    return new KafkaSplitEnumerator(ctx, this.settings, checkpoint);
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, KafkaSplit> {
    return new KafkaSourceReader(ctx, this.settings, this.format);
  }
}

/** `env.fromSource(kafkaSource({ brokers, topics: 'clicks', format: jsonFormat<Click>() }), …)` */
export function kafkaSource<T>(options: KafkaSourceOptions<T>): KafkaSource<T> {
  return new KafkaSource(options);
}
