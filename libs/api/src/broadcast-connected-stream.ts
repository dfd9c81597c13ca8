/**
 * BroadcastConnectedStream<IN1, IN2>: a stream connected to a BroadcastStream. Its process function
 * sees each element of the first stream with read-only access to the broadcast state, and each
 * broadcast element with write access; on a keyed first stream, with keyed state and timers too.
 */
import type { Key } from '@weir/common';
import { BroadcastProcessFunction, KeyedBroadcastProcessFunction, type OperatorSpec } from '@weir/core';
import type { BroadcastStream } from './broadcast-stream';
import type { DataStream } from './data-stream';
import { declarationError } from './declaration-site';
import { checkFunctionObject } from './user-functions';

export class BroadcastConnectedStream<IN1, IN2> {
  /** @internal Made by `DataStream.connect(broadcastStream)`. */
  constructor(
    private readonly nonBroadcast: DataStream<IN1>,
    private readonly broadcast: BroadcastStream<IN2>,
  ) {}

  getFirstInput(): DataStream<IN1> {
    return this.nonBroadcast;
  }

  getSecondInput(): BroadcastStream<IN2> {
    return this.broadcast;
  }

  /** A BroadcastProcessFunction, or on a keyed first stream a KeyedBroadcastProcessFunction. */
  // Keyed first: R may appear only in onTimer's collector, which BroadcastProcessFunction lacks.
  process<K extends Key, R>(fn: KeyedBroadcastProcessFunction<K, IN1, IN2, R>): DataStream<R>;
  process<R>(fn: BroadcastProcessFunction<IN1, IN2, R>): DataStream<R>;
  process<K extends Key, R>(
    fn: BroadcastProcessFunction<IN1, IN2, R> | KeyedBroadcastProcessFunction<K, IN1, IN2, R>,
  ): DataStream<R> {
    checkFunctionObject(fn, ['processElement', 'processBroadcastElement'], 'process()');
    const keySelector = this.nonBroadcast.keySelectorOf();
    if (keySelector !== undefined && fn instanceof BroadcastProcessFunction) {
      throw declarationError(
        'process()',
        'the first stream is keyed, so its function must be a KeyedBroadcastProcessFunction (which gets the key, ' +
          'keyed state and timers), not a BroadcastProcessFunction.',
      );
    }
    if (keySelector === undefined && fn instanceof KeyedBroadcastProcessFunction) {
      throw declarationError(
        'process()',
        'a KeyedBroadcastProcessFunction needs a keyed first stream: call keyBy(...) on it before connect(), or ' +
          'use a BroadcastProcessFunction.',
      );
    }
    const operator: OperatorSpec = {
      kind: 'broadcastProcess',
      fn: fn as BroadcastProcessFunction<unknown, unknown, unknown>,
      keySelector,
      descriptors: [...this.broadcast.getBroadcastStateDescriptors()],
    };
    const name = keySelector === undefined ? 'Co-Process-Broadcast' : 'Co-Process-Broadcast-Keyed';
    const environment = this.nonBroadcast.getExecutionEnvironment();
    return environment.addOperator<R>('process()', operator, name, [
      this.nonBroadcast,
      this.broadcast.input.broadcast(),
    ]);
  }
}
