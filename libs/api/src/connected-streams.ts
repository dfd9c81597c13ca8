/**
 * ConnectedStreams<T1, T2>: two streams, possibly of different types, read by one operator with
 * two inputs (`a.connect(b)`), e.g. to share state between them. When both are keyed (`keyBy(k1,
 * k2)`, or two KeyedStreams connected), `process` gets keyed state and timers.
 */
import type { Key } from '@weir/common';
import {
  KeyedCoProcessFunction,
  type CoFlatMapFunction,
  type CoMapFunction,
  type CoProcessFunction,
  type OperatorSpec,
} from '@weir/core';
import type { DataStream } from './data-stream';
import { declarationError } from './declaration-site';
import { checkFunctionObject, toCoFlatMapFunction, toCoMapFunction } from './user-functions';

export class ConnectedStreams<T1, T2> {
  /** @internal Made by `DataStream.connect`. */
  constructor(
    private readonly first: DataStream<T1>,
    private readonly second: DataStream<T2>,
  ) {}

  getFirstInput(): DataStream<T1> {
    return this.first;
  }

  getSecondInput(): DataStream<T2> {
    return this.second;
  }

  /** Keys both inputs, with keys of the same type, so elements of either with equal keys meet. */
  keyBy<K extends Key>(keySelector1: (value: T1) => K, keySelector2: (value: T2) => K): ConnectedStreams<T1, T2> {
    return new ConnectedStreams(this.first.keyBy(keySelector1), this.second.keyBy(keySelector2));
  }

  /** One function per input, both with the same result type: `map(a => …, b => …)` or `map({ map1, map2 })`. */
  map<R>(fn1: (value: T1) => R, fn2: (value: T2) => R): DataStream<R>;
  map<R>(fn: CoMapFunction<T1, T2, R>): DataStream<R>;
  map<R>(fn: CoMapFunction<T1, T2, R> | ((value: T1) => R), fn2?: (value: T2) => R): DataStream<R> {
    const operator: OperatorSpec = { kind: 'coMap', fn: toCoMapFunction(fn, fn2, 'map()') };
    return this.declare<R>('map()', operator, 'Co-Map');
  }

  /** One function per input, each returning an iterable of results, or a CoFlatMapFunction. */
  flatMap<R>(fn1: (value: T1) => Iterable<R>, fn2: (value: T2) => Iterable<R>): DataStream<R>;
  flatMap<R>(fn: CoFlatMapFunction<T1, T2, R>): DataStream<R>;
  flatMap<R>(
    fn: CoFlatMapFunction<T1, T2, R> | ((value: T1) => Iterable<R>),
    fn2?: (value: T2) => Iterable<R>,
  ): DataStream<R> {
    const operator: OperatorSpec = { kind: 'coFlatMap', fn: toCoFlatMapFunction(fn, fn2, 'flatMap()') };
    return this.declare<R>('flatMap()', operator, 'Co-Flat Map');
  }

  /**
   * A CoProcessFunction, or on keyed inputs a KeyedCoProcessFunction, which has keyed state and
   * timers for the key both elements share.
   */
  // Keyed first: R may appear only in onTimer's collector, which CoProcessFunction lacks.
  process<K extends Key, R>(fn: KeyedCoProcessFunction<K, T1, T2, R>): DataStream<R>;
  process<R>(fn: CoProcessFunction<T1, T2, R>): DataStream<R>;
  process<K extends Key, R>(fn: CoProcessFunction<T1, T2, R> | KeyedCoProcessFunction<K, T1, T2, R>): DataStream<R> {
    checkFunctionObject(fn, ['processElement1', 'processElement2'], 'process()');
    const keySelector1 = this.first.keySelectorOf();
    const keySelector2 = this.second.keySelectorOf();
    if (keySelector1 !== undefined && keySelector2 !== undefined) {
      const operator: OperatorSpec = {
        kind: 'keyedCoProcess',
        fn: fn as KeyedCoProcessFunction<Key, unknown, unknown, unknown>,
        keySelector1,
        keySelector2,
      };
      return this.declare<R>('process()', operator, 'KeyedCoProcess');
    }
    if (fn instanceof KeyedCoProcessFunction) {
      throw declarationError(
        'process()',
        'a KeyedCoProcessFunction needs both inputs keyed: call keyBy(key1, key2) on the connected streams first, ' +
          'or use a CoProcessFunction.',
      );
    }
    const operator: OperatorSpec = { kind: 'coProcess', fn: fn as CoProcessFunction<unknown, unknown, unknown> };
    return this.declare<R>('process()', operator, 'Co-Process');
  }

  private declare<R>(call: string, operator: OperatorSpec, name: string): DataStream<R> {
    return this.first.getExecutionEnvironment().addOperator<R>(call, operator, name, [this.first, this.second]);
  }
}
