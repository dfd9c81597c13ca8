import type { RecordedEvent } from '../checkpoint/channel-state';
import { decodeBatch, encodeBatch } from './batch-codec';
import type { ChannelEvent, CheckpointBarrier, SubtaskAddress } from './channel-event';
import { Deque } from './deque';
import type { Transport } from './transport';

/** Sizes of the data plane's buffers; every queue in the system is bounded by them. */
export interface BufferConfig {
  /** Records per batch before it is sent (the ~32 KiB of DESIGN.md §4 for typical records). */
  batchSize: number;
  /** Batches a receiver accepts per channel before the sender must wait for credit. */
  initialCredits: number;
}

export interface ChannelBufferConfig {
  /** Between subtasks of one thread: small batches, handed over as they are. */
  local: BufferConfig;
  /**
   * Between threads or processes: a batch costs a message and an encoding, and credit takes a
   * round trip to come back, so batches are larger and more of them may be in flight.
   */
  remote: BufferConfig;
}

export const DEFAULT_BUFFER_CONFIG: ChannelBufferConfig = {
  local: { batchSize: 512, initialCredits: 4 },
  remote: { batchSize: 2048, initialCredits: 8 },
};

/**
 * The sending end of one channel (one sender subtask → one receiver subtask). Records collect into
 * a batch; full batches are sent while the receiver has granted credit and queue up otherwise, which
 * is what makes the sending task stop and back-pressure travel upstream.
 */
export class OutputChannel {
  private values: unknown[] = [];
  private timestamps: number[] = [];
  /** The sending subtask's other channels to this receiver (see `groupByReceiver`). */
  private siblings: readonly OutputChannel[] = [];
  private readonly waiting = new Deque<ChannelEvent>();
  private credits: number;
  private seq = 0;
  private readonly local: boolean;
  private readonly config: BufferConfig;

  constructor(
    private readonly transport: Transport,
    readonly receiver: SubtaskAddress,
    /** The channel's index in the receiver's input gate. */
    private readonly channelIndex: number,
    buffers: ChannelBufferConfig,
  ) {
    this.local = transport.isLocal(receiver);
    this.config = this.local ? buffers.local : buffers.remote;
    this.credits = this.config.initialCredits;
  }

  /**
   * Links one subtask's channels that go to the same receiver on different edges (the two inputs of
   * a join, the branches of a union). When one of them fills a batch, the others send what they hold
   * first, so the receiver gets the subtask's records across those edges in about the order they were
   * made. Otherwise a sparse edge's records wait for their own batch to fill while a busy edge's later
   * records overtake them, and a join holds the busy side in state until its partner comes (Nexmark
   * q4 at parallelism 1: 80% of bids came before their auction, and the query ran at half speed).
   */
  static groupByReceiver(channels: readonly OutputChannel[]): void {
    const byReceiver = new Map<string, OutputChannel[]>();
    for (const channel of channels) {
      const key = `${channel.receiver.vertex}:${channel.receiver.subtask}`;
      const group = byReceiver.get(key);
      if (group === undefined) byReceiver.set(key, [channel]);
      else group.push(channel);
    }
    for (const group of byReceiver.values()) {
      for (const channel of group) channel.siblings = group.filter((other) => other !== channel);
    }
  }

  add(value: unknown, timestamp: number): void {
    this.values.push(value);
    this.timestamps.push(timestamp);
    if (this.values.length >= this.config.batchSize) {
      const siblings = this.siblings;
      for (let i = 0; i < siblings.length; i++) siblings[i].flush();
      this.flush();
    }
  }

  /** Sends (or queues) the partly filled batch. */
  flush(): void {
    if (this.values.length === 0) return;
    const event: ChannelEvent = this.local
      ? { kind: 'records', values: this.values, timestamps: this.timestamps }
      : { kind: 'encoded-records', bytes: encodeBatch(this.values, this.timestamps) };
    this.values = [];
    this.timestamps = [];
    this.enqueue(event);
  }

  /** Sends an in-band event behind everything already collected. Events need no credit. */
  sendEvent(event: ChannelEvent): void {
    this.flush();
    this.enqueue(event);
  }

  /**
   * Sends an unaligned checkpoint's barrier ahead of the batches waiting for credit, and returns
   * what it overtook: this channel's in-flight output for the checkpoint, sent later as usual.
   */
  overtake(barrier: CheckpointBarrier): ChannelEvent[] {
    this.flush();
    const overtaken = [...this.waiting];
    this.send(barrier);
    return overtaken;
  }

  /** Sends a restored checkpoint's in-flight output (encoded records and events) before anything new. */
  resend(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (event.kind !== 'encoded-records' || !this.local) this.enqueue(event);
      else {
        const batch = decodeBatch(event.bytes);
        this.enqueue({ kind: 'records', values: batch.values, timestamps: Array.from(batch.timestamps) });
      }
    }
  }

  addCredits(credits: number): void {
    this.credits += credits;
    while (this.waiting.length > 0) {
      const next = this.waiting.peek()!;
      if (needsCredit(next) && this.credits === 0) return;
      this.waiting.shift();
      this.send(next);
    }
  }

  /** True while batches wait for credit: the sending task must not take more input. */
  get isBackPressured(): boolean {
    return this.waiting.length > 0;
  }

  get hasBufferedRecords(): boolean {
    return this.values.length > 0;
  }

  private enqueue(event: ChannelEvent): void {
    if (this.waiting.length === 0 && (!needsCredit(event) || this.credits > 0)) this.send(event);
    else this.waiting.push(event);
  }

  private send(event: ChannelEvent): void {
    if (needsCredit(event)) this.credits--;
    this.transport.sendData(this.receiver, this.channelIndex, this.seq++, event);
  }
}

function needsCredit(event: ChannelEvent): boolean {
  return event.kind === 'records' || event.kind === 'encoded-records';
}
