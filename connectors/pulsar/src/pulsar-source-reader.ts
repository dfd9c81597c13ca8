import {
  MalformedRecords,
  reasonOf,
  RECORDS_PER_POLL,
  SKIP_RECORD,
  SourceReaderBase,
  WeirError,
  type BytesFormat,
  type InputStatus,
  type MalformedRecordPolicy,
  type ReaderOutput,
  type SourceReaderContext,
  type SplitProgress,
} from '@weir/connector-sdk';
import WebSocket from 'ws';
import { decodeMessageId, isAtOrAfter } from './message-id';
import type { PulsarAdmin } from './pulsar-admin';
import type { PulsarSplit } from './pulsar-split';
import { topicName, topicPath, type PulsarTopic } from './pulsar-topic';
import { WEB_SOCKET_OPTIONS } from './web-socket-options';

/** A message as the WebSocket reader delivers it. */
interface ReaderMessage {
  readonly messageId: string;
  readonly payload: string;
  readonly publishTime: string;
  readonly eventTime?: string;
}

/** Messages a split may hold unread before its socket stops reading (TCP holds the broker back). */
const HIGH_WATER = 2_000;

interface SplitReader {
  readonly socket: WebSocket;
  messages: ReaderMessage[];
  next: number;
  paused: boolean;
}

export interface PulsarReaderSettings {
  readonly webSocketBase: string;
  readonly topics: PulsarTopic[];
  readonly onMalformed: MalformedRecordPolicy | undefined;
  /** The format reads text: a dead letter holds the payload as text, else as base64. */
  readonly textPayloads: boolean;
}

/**
 * Reads the topics and partitions assigned to this subtask, each through a reader of Pulsar's
 * WebSocket API opened after the split's position (Pulsar's Reader, which needs no subscription
 * state on the broker). Messages queue per split and are emitted on the task's loop; each is
 * acknowledged to the WebSocket service as it is emitted, which is its flow control. A message the
 * format cannot read fails the job or goes to the dead-letter output, as the source says.
 */
export class PulsarSourceReader<T> extends SourceReaderBase<T, PulsarSplit> {
  private readonly readers = new Map<string, SplitReader>();
  private readonly malformed: MalformedRecords;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    context: SourceReaderContext,
    private readonly settings: PulsarReaderSettings,
    private readonly admin: PulsarAdmin,
    private readonly format: BytesFormat<T>,
  ) {
    super(context, true);
    this.malformed = new MalformedRecords(settings.onMalformed, 'pulsarSource', format.name, context.subtaskIndex);
  }

  /** Checks the topics exist first: the WebSocket API would create a missing one. */
  override start(): void {
    super.start();
    Promise.all(this.settings.topics.map((topic) => this.admin.partitions(topic, 'topics'))).catch((error: unknown) =>
      this.fail(error as Error),
    );
  }

  override pollNext(output: ReaderOutput<T>): InputStatus {
    if (this.failure !== undefined) throw this.failure;
    return super.pollNext(output);
  }

  override addSplits(splits: PulsarSplit[]): void {
    super.addSplits(splits);
    for (const split of splits) if (!isEmpty(split)) this.open(split);
  }

  override close(): void {
    super.close();
    this.closed = true;
    for (const reader of this.readers.values()) reader.socket.terminate();
    this.readers.clear();
  }

  protected readSplit(split: PulsarSplit, output: ReaderOutput<T>): SplitProgress {
    if (isEmpty(split)) return 'finished';
    const reader = this.readers.get(split.splitId)!;
    const messages = reader.messages;
    if (reader.next === messages.length) {
      reader.messages = [];
      reader.next = 0;
      if (reader.paused) {
        reader.paused = false;
        reader.socket.resume();
      }
      return this.anyBuffered() ? 'more' : 'blocked';
    }
    const end = Math.min(messages.length, reader.next + RECORDS_PER_POLL);
    for (let i = reader.next; i < end; i++) {
      const message = messages[i];
      const value = this.decode(message, split);
      if (value !== SKIP_RECORD) output.collect(value, Date.parse(message.eventTime ?? message.publishTime));
      split.position = message.messageId;
      reader.socket.send(`{"messageId":"${message.messageId}"}`);
      if (split.end !== undefined && isAtOrAfter(decodeMessageId(message.messageId), split.end)) {
        reader.socket.close();
        this.readers.delete(split.splitId);
        return 'finished';
      }
    }
    reader.next = end;
    return 'more';
  }

  private open(split: PulsarSplit): void {
    const url = `${this.settings.webSocketBase}/reader/${topicPath(split.topic)}?messageId=${encodeURIComponent(split.position)}`;
    const socket = new WebSocket(url, WEB_SOCKET_OPTIONS);
    const reader: SplitReader = { socket, messages: [], next: 0, paused: false };
    this.readers.set(split.splitId, reader);
    socket.on('message', (data: Buffer) => {
      reader.messages.push(JSON.parse(data.toString('utf8')) as ReaderMessage);
      if (!reader.paused && reader.messages.length - reader.next >= HIGH_WATER) {
        reader.paused = true;
        socket.pause();
      }
      this.unblock();
    });
    socket.on('error', (error) =>
      this.fail(
        new WeirError(
          `pulsarSource: reading '${topicName(split.topic)}' at ${this.settings.webSocketBase} (field 'webServiceUrl') failed: ${error.message}`,
          { cause: error },
        ),
      ),
    );
    socket.on('close', (code, reason) => {
      if (this.closed || this.readers.get(split.splitId) !== reader) return;
      this.fail(
        new WeirError(
          `pulsarSource: the reader of '${topicName(split.topic)}' was closed (${code} ${reason.toString()}).`,
        ),
      );
    });
  }

  private anyBuffered(): boolean {
    for (const reader of this.readers.values()) if (reader.next < reader.messages.length) return true;
    return false;
  }

  private decode(message: ReaderMessage, split: PulsarSplit): T | typeof SKIP_RECORD {
    const payload = Buffer.from(message.payload, 'base64');
    try {
      return this.format.decode(payload);
    } catch (error) {
      const topic = topicName(split.topic);
      this.malformed.handle(
        {
          location: `'${topic}' at message ${message.messageId}`,
          position: { topic, messageId: message.messageId },
          reason: reasonOf(error),
          text: this.settings.textPayloads ? payload.toString('utf8') : message.payload,
        },
        error,
      );
      return SKIP_RECORD;
    }
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure ??= error;
    this.unblock();
  }
}

/** A bounded split of a topic that held nothing when the job started. */
function isEmpty(split: PulsarSplit): boolean {
  return split.end !== undefined && split.end.entryId < 0;
}
