import {
  asBytesFormat,
  ConfigError,
  jsonFormat,
  StaticSplitEnumerator,
  validateOptions,
  type Format,
  type Source,
  type SourceReader,
  type SourceReaderContext,
  type SplitEnumerator,
  type SplitEnumeratorContext,
} from '@weir/connector-sdk';
import { ArrayMinSize, IsBoolean, IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { JetStreamSourceReader, type JetStreamReadSpec } from './jetstream-source-reader';
import type { JetStreamSplit } from './jetstream-split';
import { NatsConnectionOptionsSchema, type NatsConnectionOptions } from './nats-connection-options';
import { IsFormat } from './is-format';

export interface NatsSourceOptions<T> extends NatsConnectionOptions {
  /** The JetStream stream to read. */
  stream: string;
  /**
   * Read only these subjects (wildcards allowed), each as its own split, so up to this many readers
   * read in parallel (order is kept within a subject). The whole stream, as one split, by default.
   */
  subjects?: string[];
  /**
   * true: read up to the stream's last message when the job starts, then end. false (default): read
   * on as messages arrive.
   */
  bounded?: boolean;
  /** The first stream sequence to read (default 1, the stream's beginning). */
  startSequence?: number;
  /** How payloads become records (default JSON), from @weir/connector-sdk. */
  format?: Format<T>;
  /** Messages per fetch (default 1000). */
  fetchSize?: number;
  /** How long a fetch waits for new messages before it is asked again (default 1000 ms). */
  fetchWaitMs?: number;
}

class NatsSourceOptionsSchema extends NatsConnectionOptionsSchema {
  @IsString() @MinLength(1) stream!: string;
  @IsOptional() @IsString({ each: true }) @ArrayMinSize(1) subjects?: string[];
  @IsOptional() @IsBoolean() bounded?: boolean;
  @IsOptional() @IsInt() @Min(1) startSequence?: number;
  @IsOptional() @IsFormat() format?: Format<unknown>;
  @IsOptional() @IsInt() @Min(1) fetchSize?: number;
  @IsOptional() @IsInt() @Min(1000) fetchWaitMs?: number;
}

/** The source's checkpoint is the splits not handed out yet; readers checkpoint their positions. */
export type NatsSource<T> = Source<T, JetStreamSplit, JetStreamSplit[]>;

/**
 * A source of a JetStream stream's messages, read by ordered consumers, each record stamped with
 * its message's time; the stream sequence is the checkpointed position.
 */
export function natsSource<T = unknown>(options: NatsSourceOptions<T>): NatsSource<T> {
  const valid = validateOptions(NatsSourceOptionsSchema, options, 'natsSource');
  if (/[\s.*>]/.test(valid.stream)) {
    throw new ConfigError(
      `natsSource: 'stream' must be a stream's name, without '.', '*', '>' or spaces, not '${valid.stream}'.`,
    );
  }
  const bounded = valid.bounded ?? false;
  const spec: JetStreamReadSpec<T> = {
    connection: valid,
    bounded,
    format: asBytesFormat(options.format ?? jsonFormat<T>()),
    fetchSize: valid.fetchSize ?? 1000,
    fetchWaitMs: valid.fetchWaitMs ?? 1000,
  };
  const position = valid.startSequence ?? 1;
  const split = (splitId: string, filterSubject: string | undefined): JetStreamSplit => ({
    splitId,
    stream: valid.stream,
    filterSubject,
    position,
    end: undefined,
  });
  const splits =
    valid.subjects === undefined
      ? [split(valid.stream, undefined)]
      : valid.subjects.map((s) => split(`${valid.stream}:${s}`, s));
  return new JetStreamSource(bounded, splits, spec);
}

class JetStreamSource<T> implements NatsSource<T> {
  readonly boundedness;

  constructor(
    bounded: boolean,
    private readonly splits: readonly JetStreamSplit[],
    private readonly spec: JetStreamReadSpec<T>,
  ) {
    this.boundedness = bounded ? ('bounded' as const) : ('unbounded' as const);
  }

  createEnumerator(ctx: SplitEnumeratorContext<JetStreamSplit>): SplitEnumerator<JetStreamSplit, JetStreamSplit[]> {
    return new StaticSplitEnumerator(ctx, this.splits, this.boundedness);
  }

  restoreEnumerator(
    ctx: SplitEnumeratorContext<JetStreamSplit>,
    checkpoint: JetStreamSplit[],
  ): SplitEnumerator<JetStreamSplit, JetStreamSplit[]> {
    return new StaticSplitEnumerator(ctx, checkpoint, this.boundedness);
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, JetStreamSplit> {
    return new JetStreamSourceReader(ctx, this.spec);
  }
}
