/**
 * BroadcastStream<T>: a stream whose elements go to every subtask of the operator it is connected
 * to, together with the map state they maintain there (`broadcast(...descriptors)`, the broadcast
 * state pattern). It is only ever connected: `stream.connect(broadcastStream).process(fn)`.
 */
import type { MapStateDescriptor } from '@weir/core';
import type { DataStream } from './data-stream';

export class BroadcastStream<T> {
  /** @internal Made by `DataStream.broadcast(...descriptors)`. */
  constructor(
    /** @internal */
    readonly input: DataStream<T>,
    private readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ) {}

  getBroadcastStateDescriptors(): readonly MapStateDescriptor<unknown, unknown>[] {
    return this.descriptors;
  }
}
