import {
  RecordError,
  SKIP_RECORD,
  SourceReaderBase,
  WeirError,
  type BytesFormat,
  type ReaderOutput,
  type SourceReaderContext,
  type SplitProgress,
} from '@weir/connector-sdk';
import { DeliverPolicy, type Consumer, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { JetStreamSplit } from './jetstream-split';
import { connectNats, type NatsConnectionOptions } from './nats-connection-options';

export interface JetStreamReadSpec<T> {
  readonly connection: NatsConnectionOptions;
  readonly bounded: boolean;
  readonly format: BytesFormat<T>;
  /** Messages per fetch: what a split holds in memory at most. */
  readonly fetchSize: number;
  /** How long a fetch waits for messages that have not arrived yet. */
  readonly fetchWaitMs: number;
}

interface SplitState {
  consumer: Consumer | undefined;
  fetching: boolean;
  /** The fetch's messages as they arrive, stopped if the reader closes. */
  batch: ConsumerMessages | undefined;
  /** Fetched and not yet emitted. */
  ready: JsMsg[] | undefined;
}

/**
 * Reads each split with its own ordered consumer (ephemeral, in order, recreated by the client on a
 * gap), starting at the split's position. A fetch runs in the background and the reader emits what
 * it brought; the position then moves past the last message emitted, so a checkpoint holds exactly
 * what was emitted. A bounded split ends at the stream's last sequence when it was first read.
 */
export class JetStreamSourceReader<T> extends SourceReaderBase<T, JetStreamSplit> {
  private connection: Promise<NatsConnection> | undefined;
  private readonly states = new Map<string, SplitState>();
  private failure: unknown;

  constructor(
    context: SourceReaderContext,
    private readonly spec: JetStreamReadSpec<T>,
  ) {
    super(context, true);
  }

  protected readSplit(split: JetStreamSplit, output: ReaderOutput<T>): SplitProgress {
    if (this.failure !== undefined) throw this.failure;
    let state = this.states.get(split.splitId);
    if (state === undefined) {
      state = { consumer: undefined, fetching: false, batch: undefined, ready: undefined };
      this.states.set(split.splitId, state);
    }
    const messages = state.ready;
    if (messages === undefined) {
      if (!state.fetching) this.fetch(split, state);
      return 'blocked';
    }
    state.ready = undefined;
    const end = split.end;
    let finished = this.spec.bounded && (messages.length === 0 || split.position > end!);
    for (let i = 0; i < messages.length && !finished; i++) {
      const message = messages[i];
      const sequence = message.seq;
      if (end !== undefined && sequence > end) {
        finished = true;
        break;
      }
      const record = this.decode(split, message);
      if (record !== SKIP_RECORD) output.collect(record, Math.floor(message.info.timestampNanos / 1e6));
      split.position = sequence + 1;
      // Caught up with the stream: what comes now was not there when a bounded read began.
      if (this.spec.bounded && (sequence === end || message.info.pending === 0)) finished = true;
    }
    if (finished) {
      this.states.delete(split.splitId);
      return 'finished';
    }
    this.fetch(split, state);
    return 'more';
  }

  override close(): void {
    super.close();
    for (const state of this.states.values()) state.batch?.stop();
    this.states.clear();
    const connection = this.connection;
    this.connection = undefined;
    connection?.then((c) => c.close()).catch(() => {});
  }

  private decode(split: JetStreamSplit, message: JsMsg): T | typeof SKIP_RECORD {
    try {
      return this.spec.format.decode(message.data);
    } catch (error) {
      throw new RecordError(
        `natsSource: malformed ${this.spec.format.name} in stream '${split.stream}' at sequence ${message.seq} ` +
          `(subject '${message.subject}'): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  private fetch(split: JetStreamSplit, state: SplitState): void {
    state.fetching = true;
    this.fetchBatch(split, state).then(
      (messages) => {
        state.fetching = false;
        state.ready = messages;
        this.unblock();
      },
      (error: unknown) => {
        this.failure = new WeirError(
          `natsSource: reading stream '${split.stream}' failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
        this.unblock();
      },
    );
  }

  private async fetchBatch(split: JetStreamSplit, state: SplitState): Promise<JsMsg[]> {
    this.connection ??= connectNats(this.spec.connection, `weir natsSource ${this.context.subtaskIndex}`);
    const connection = await this.connection;
    if (state.consumer === undefined) {
      const streamInfo = await streamState(connection, split.stream);
      if (this.spec.bounded && split.end === undefined) split.end = streamInfo.messages === 0 ? 0 : streamInfo.last_seq;
      if (split.end !== undefined && split.position > split.end) return [];
      state.consumer = await connection.jetstream().consumers.get(split.stream, {
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: split.position,
        // One subject as a string: servers before 2.10 know no list of filters.
        ...(split.filterSubject === undefined ? {} : { filterSubjects: split.filterSubject }),
      });
    }
    const messages: JsMsg[] = [];
    const batch = await state.consumer.fetch({ max_messages: this.spec.fetchSize, expires: this.spec.fetchWaitMs });
    state.batch = batch;
    for await (const message of batch) {
      messages.push(message);
      // Caught up: hand over what came rather than wait out the fetch for more.
      if (message.info.pending === 0) batch.stop();
    }
    state.batch = undefined;
    return messages;
  }
}

async function streamState(connection: NatsConnection, stream: string) {
  try {
    return (await (await connection.jetstreamManager()).streams.info(stream)).state;
  } catch (error) {
    if (/stream not found/i.test(String(error))) {
      throw new WeirError(`stream '${stream}' does not exist on ${connection.getServer()}: create it first.`, {
        cause: error,
      });
    }
    throw error;
  }
}
