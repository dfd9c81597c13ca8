/**
 * The window join (`a.join(b).where(k1).equalTo(k2).window(assigner).apply(fn)`): per key and
 * window, every pair of an element of `a` and an element of `b`. Built as Flink builds it, from
 * ordinary operators: each side is tagged by a map, the two are unioned and keyed, and one window
 * operator pairs the left and right elements of each window when it fires.
 */
import type { Key } from '@weir/common';
import {
  ProcessWindowFunction,
  type Collector,
  type Evictor,
  type JoinFunction,
  type JoinLike,
  type Trigger,
  type Window,
  type WindowAssigner,
} from '@weir/core';
import type { DataStream } from './data-stream';
import { checkKeySelector, toJoinFunction } from './user-functions';
import { WindowedStream } from './windowed-stream';
import { WindowSpec } from './window-spec';

/** An element of either side of a join, as the join's window operator sees it. */
export type TaggedUnion<T1, T2> = { readonly side: 0; readonly value: T1 } | { readonly side: 1; readonly value: T2 };

export class JoinedStreams<T1, T2> {
  /** @internal Made by `DataStream.join`. */
  constructor(
    private readonly first: DataStream<T1>,
    private readonly second: DataStream<T2>,
  ) {}

  /** The key of the first stream's elements. */
  where<K extends Key>(keySelector: (value: T1) => K): JoinedStreamsWhere<T1, T2, K> {
    checkKeySelector(keySelector, 'where()');
    return new JoinedStreamsWhere(this.first, this.second, keySelector);
  }
}

export class JoinedStreamsWhere<T1, T2, K extends Key> {
  /** @internal */
  constructor(
    private readonly first: DataStream<T1>,
    private readonly second: DataStream<T2>,
    private readonly keySelector1: (value: T1) => K,
  ) {}

  /** The key of the second stream's elements, of the same type as the first's. */
  equalTo(keySelector: (value: T2) => K): JoinedStreamsEqualTo<T1, T2, K> {
    checkKeySelector(keySelector, 'equalTo()');
    return new JoinedStreamsEqualTo(this.first, this.second, this.keySelector1, keySelector);
  }
}

export class JoinedStreamsEqualTo<T1, T2, K extends Key> {
  /** @internal */
  constructor(
    private readonly first: DataStream<T1>,
    private readonly second: DataStream<T2>,
    private readonly keySelector1: (value: T1) => K,
    private readonly keySelector2: (value: T2) => K,
  ) {}

  /** The windows in which elements of the two streams meet. */
  window<W extends Window>(assigner: WindowAssigner<TaggedUnion<T1, T2>, W>): JoinedStreamsWithWindow<T1, T2, K, W> {
    const spec = WindowSpec.of(assigner, 'window()');
    return new JoinedStreamsWithWindow(this.first, this.second, this.keySelector1, this.keySelector2, spec);
  }
}

export class JoinedStreamsWithWindow<T1, T2, K extends Key, W extends Window> {
  /** @internal */
  constructor(
    private readonly first: DataStream<T1>,
    private readonly second: DataStream<T2>,
    private readonly keySelector1: (value: T1) => K,
    private readonly keySelector2: (value: T2) => K,
    private readonly spec: WindowSpec<TaggedUnion<T1, T2>, W>,
  ) {}

  trigger(trigger: Trigger<TaggedUnion<T1, T2>, W>): JoinedStreamsWithWindow<T1, T2, K, W> {
    return this.with(this.spec.withTrigger(trigger));
  }

  evictor(evictor: Evictor<TaggedUnion<T1, T2>, W>): JoinedStreamsWithWindow<T1, T2, K, W> {
    return this.with(this.spec.withEvictor(evictor));
  }

  allowedLateness(latenessMs: number): JoinedStreamsWithWindow<T1, T2, K, W> {
    return this.with(this.spec.withAllowedLateness(latenessMs));
  }

  /** Called once per pair of a first-stream and a second-stream element with equal keys in one window. */
  apply<R>(fn: JoinLike<T1, T2, R>): DataStream<R> {
    const join = toJoinFunction(fn, 'apply()');
    const { keySelector1, keySelector2 } = this;
    const left = this.first.map((value): TaggedUnion<T1, T2> => ({ side: 0, value })).name('Join: tag left');
    const right = this.second.map((value): TaggedUnion<T1, T2> => ({ side: 1, value })).name('Join: tag right');
    const keySelector = (tagged: TaggedUnion<T1, T2>): K =>
      tagged.side === 0 ? keySelector1(tagged.value) : keySelector2(tagged.value);
    const keyed = left.union(right).keyBy(keySelector);
    const windowed = new WindowedStream<TaggedUnion<T1, T2>, K, W>(keyed, keySelector, this.spec);
    return windowed.declareWindowOperator<R>('apply()', 'join', {
      kind: 'process',
      process: new JoinWindowFunction<T1, T2, R, K, W>(join) as ProcessWindowFunction<unknown, unknown, Key, Window>,
    });
  }

  private with(spec: WindowSpec<TaggedUnion<T1, T2>, W>): JoinedStreamsWithWindow<T1, T2, K, W> {
    return new JoinedStreamsWithWindow(this.first, this.second, this.keySelector1, this.keySelector2, spec);
  }
}

/** Pairs each window's left elements with its right ones, in arrival order (Flink's nested loop). */
class JoinWindowFunction<T1, T2, R, K extends Key, W extends Window> extends ProcessWindowFunction<
  TaggedUnion<T1, T2>,
  R,
  K,
  W
> {
  constructor(private readonly join: JoinFunction<T1, T2, R>) {
    super();
  }

  process(
    _key: K,
    _ctx: ProcessWindowFunction.Context<W>,
    elements: Iterable<TaggedUnion<T1, T2>>,
    out: Collector<R>,
  ): void {
    const lefts: T1[] = [];
    const rights: T2[] = [];
    for (const element of elements) {
      if (element.side === 0) lefts.push(element.value);
      else rights.push(element.value);
    }
    for (let i = 0; i < lefts.length; i++) {
      for (let j = 0; j < rights.length; j++) out.collect(this.join.join(lefts[i], rights[j]));
    }
  }
}
