import { assignKeyToParallelOperator, checkKey, type Key } from '@weir/common';
import type { PartitionerSpec } from '@weir/core';
import type { ChannelEvent } from './channel-event';
import type { OutputChannel } from './output-channel';
import type { RecordTarget } from './record-target';

/**
 * Writes one subtask's output on one job edge: picks the channel(s) for each record by the edge's
 * partitioner (DESIGN.md §4) and sends in-band events to every channel.
 */
export abstract class RecordWriter implements RecordTarget {
  constructor(readonly channels: readonly OutputChannel[]) {}

  abstract collect(value: unknown, timestamp: number): void;

  emitWatermark(watermark: number): void {
    this.broadcastEvent({ kind: 'watermark', watermark });
  }

  emitWatermarkStatus(idle: boolean): void {
    this.broadcastEvent({ kind: 'status', idle });
  }

  broadcastEvent(event: ChannelEvent): void {
    for (let i = 0; i < this.channels.length; i++) this.channels[i].sendEvent(event);
  }

  flush(): void {
    for (let i = 0; i < this.channels.length; i++) this.channels[i].flush();
  }

  get isBackPressured(): boolean {
    for (let i = 0; i < this.channels.length; i++) if (this.channels[i].isBackPressured) return true;
    return false;
  }
}

/** One channel (forward, global, or a pointwise rescale to one receiver). */
class SingleChannelWriter extends RecordWriter {
  collect(value: unknown, timestamp: number): void {
    this.channels[0].add(value, timestamp);
  }
}

/** Round robin (rebalance, rescale), starting at an offset so senders don't all hit receiver 0 first. */
class RoundRobinWriter extends RecordWriter {
  private next: number;
  constructor(channels: readonly OutputChannel[], start: number) {
    super(channels);
    this.next = start % channels.length;
  }
  collect(value: unknown, timestamp: number): void {
    this.channels[this.next].add(value, timestamp);
    if (++this.next === this.channels.length) this.next = 0;
  }
}

class ShuffleWriter extends RecordWriter {
  collect(value: unknown, timestamp: number): void {
    this.channels[Math.floor(Math.random() * this.channels.length)].add(value, timestamp);
  }
}

class BroadcastWriter extends RecordWriter {
  collect(value: unknown, timestamp: number): void {
    for (let i = 0; i < this.channels.length; i++) this.channels[i].add(value, timestamp);
  }
}

// Bound once: a call through another package's re-export is a getter call V8 does not inline.
const keyOf = checkKey;
const receiverOf = assignKeyToParallelOperator;

/** keyBy: the key's key group decides the receiver, as the receiver's key-group range expects. */
class KeyGroupWriter extends RecordWriter {
  constructor(
    channels: readonly OutputChannel[],
    protected readonly keySelector: (value: unknown) => Key,
    private readonly maxParallelism: number,
    protected readonly where: string,
  ) {
    super(channels);
  }
  collect(value: unknown, timestamp: number): void {
    const key = keyOf(this.keySelector(value), this.where);
    this.channels[receiverOf(key, this.maxParallelism, this.channels.length)].add(value, timestamp);
  }
}

/**
 * keyBy to a lone receiver, which holds every key group: the key is still checked, so a bad one fails
 * at the sender as it would with more receivers, but no key group is hashed out (a join at
 * parallelism 1, which cannot be chained, hashed every record of both inputs for nothing).
 */
class LoneReceiverKeyWriter extends KeyGroupWriter {
  override collect(value: unknown, timestamp: number): void {
    keyOf(this.keySelector(value), this.where);
    this.channels[0].add(value, timestamp);
  }
}

export function createRecordWriter(
  partitioner: PartitionerSpec,
  channels: readonly OutputChannel[],
  options: { senderIndex: number; maxParallelism: number; where: string },
): RecordWriter {
  if (channels.length === 1 && partitioner.kind !== 'hash') return new SingleChannelWriter(channels);
  switch (partitioner.kind) {
    case 'forward':
    case 'global':
      return new SingleChannelWriter(channels);
    case 'rebalance':
    case 'rescale':
      return new RoundRobinWriter(channels, options.senderIndex);
    case 'shuffle':
      return new ShuffleWriter(channels);
    case 'broadcast':
      return new BroadcastWriter(channels);
    case 'hash': {
      const Writer = channels.length === 1 ? LoneReceiverKeyWriter : KeyGroupWriter;
      return new Writer(channels, partitioner.keySelector, options.maxParallelism, options.where);
    }
  }
}
