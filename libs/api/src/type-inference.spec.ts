/*
 * What the compiler infers for plain pipelines: no type arguments, no casts. The assertions are
 * checked by `tsc` (this file is part of the typecheck); at run time the pipelines are only declared.
 */
import {
  EventTimeSessionWindows,
  GlobalWindow,
  KeyedCoProcessFunction,
  KeyedProcessFunction,
  MapStateDescriptor,
  OutputTag,
  ProcessWindowFunction,
  StreamExecutionEnvironment,
  Time,
  TimeWindow,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  BroadcastProcessFunction,
  CollectionSource,
  type Collector,
  type DataStream,
  type KeyedStream,
  type NumericField,
  type Source,
  type WindowedStream,
} from './index';

/** True when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/** `expectTypeOf(value).toEqualTypeOf<T>()` fails to compile unless value's type is exactly T. */
function expectTypeOf<A>(value: A) {
  return {
    toEqualTypeOf<B>(..._mismatch: Equal<A, B> extends true ? [] : [expected: B, actual: A]): A {
      return value;
    },
  };
}

interface Click {
  page: string;
  n: number;
  ts: number;
}
const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
const clicks = () => env.fromElements<Click>({ page: 'a', n: 1, ts: 0 });

describe('type inference', () => {
  it('infers element, key, window and result types through a windowed aggregation', () => {
    const keyed = env.fromElements({ page: 'a', n: 1 }).keyBy((c) => c.page);
    expectTypeOf(keyed).toEqualTypeOf<KeyedStream<{ page: string; n: number }, string>>();
    const windowed = keyed.window(TumblingEventTimeWindows.of(Time.seconds(1)));
    expectTypeOf(windowed).toEqualTypeOf<WindowedStream<{ page: string; n: number }, string, TimeWindow>>();
    const averages = windowed.aggregate({
      createAccumulator: () => ({ sum: 0, count: 0 }),
      add: (c, acc) => ({ sum: acc.sum + c.n, count: acc.count + 1 }),
      getResult: (acc) => acc.sum / acc.count,
      merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
    });
    expectTypeOf(averages).toEqualTypeOf<DataStream<number>>();
    expect(averages.node?.operator.kind).toBe('window');
  });

  it('follows every transformation', () => {
    const s = clicks();
    expectTypeOf(s.map((c) => c.page)).toEqualTypeOf<DataStream<string>>();
    expectTypeOf(s.flatMap((c) => [c.n, c.ts])).toEqualTypeOf<DataStream<number>>();
    expectTypeOf(s.filter((c) => c.n > 0)).toEqualTypeOf<DataStream<Click>>();
    expectTypeOf(s.keyBy((c) => [c.page, c.n] as const).reduce((a, b) => ({ ...a, n: a.n + b.n }))).toEqualTypeOf<
      DataStream<Click>
    >();
    expectTypeOf(s.keyBy((c) => c.n).sum('n')).toEqualTypeOf<DataStream<Click>>();
    expectTypeOf(s.keyBy((c) => c.n).countWindow(10)).toEqualTypeOf<WindowedStream<Click, number, GlobalWindow>>();
    expectTypeOf(
      s
        .keyBy((c) => c.page)
        .window(TumblingEventTimeWindows.of(10))
        .count(),
    ).toEqualTypeOf<DataStream<number>>();
    expectTypeOf(s.union(clicks(), clicks())).toEqualTypeOf<DataStream<Click>>();
    expectTypeOf(s.getSideOutput(new OutputTag<string>('errors'))).toEqualTypeOf<DataStream<string>>();
    expectTypeOf(
      s.windowAll(EventTimeSessionWindows.withGap(5)).process((ctx, elements, out: Collector<number>) => {
        expectTypeOf(ctx.window).toEqualTypeOf<TimeWindow>();
        out.collect([...elements].length);
      }),
    ).toEqualTypeOf<DataStream<number>>();
  });

  it('narrows with a type guard in filter', () => {
    type Event = { kind: 'click'; page: string } | { kind: 'view'; ms: number };
    const events = env.fromCollection<Event>([{ kind: 'view', ms: 3 }]);
    const views = events.filter((e): e is Extract<Event, { kind: 'view' }> => e.kind === 'view');
    expectTypeOf(views.map((v) => v.ms)).toEqualTypeOf<DataStream<number>>();
  });

  it('takes the output type of a function class from the class', () => {
    class Dedupe extends KeyedProcessFunction<string, Click, Click> {
      processElement(c: Click, _ctx: KeyedProcessFunction.Context<string>, out: Collector<Click>) {
        out.collect(c);
      }
    }
    class Describe extends ProcessWindowFunction<number, string, string, TimeWindow> {
      process(
        key: string,
        _ctx: ProcessWindowFunction.Context<TimeWindow>,
        _n: Iterable<number>,
        out: Collector<string>,
      ) {
        out.collect(key);
      }
    }
    class OnlyTimers extends KeyedCoProcessFunction<string, Click, number, boolean> {
      processElement1() {}
      processElement2() {}
      override onTimer(_ts: number, _ctx: KeyedCoProcessFunction.OnTimerContext<string>, out: Collector<boolean>) {
        out.collect(true);
      }
    }
    const keyed = clicks().keyBy((c) => c.page);
    expectTypeOf(keyed.process(new Dedupe())).toEqualTypeOf<DataStream<Click>>();
    const perWindow = keyed
      .window(TumblingEventTimeWindows.of(10))
      .aggregate(
        { createAccumulator: () => 0, add: (c, n) => n + c.n, getResult: (n) => n, merge: (a, b) => a + b },
        new Describe(),
      );
    expectTypeOf(perWindow).toEqualTypeOf<DataStream<string>>();
    const connected = clicks()
      .connect(env.fromElements(1))
      .keyBy(
        (c) => c.page,
        (n) => String(n),
      );
    expectTypeOf(connected.process(new OnlyTimers())).toEqualTypeOf<DataStream<boolean>>();
    const rules = new MapStateDescriptor<string, number>('rules');
    class Flag extends BroadcastProcessFunction<Click, number, string> {
      processElement(c: Click, _ctx: BroadcastProcessFunction.ReadOnlyContext, out: Collector<string>) {
        out.collect(c.page);
      }
      processBroadcastElement() {}
    }
    expectTypeOf(clicks().connect(env.fromElements(1).broadcast(rules)).process(new Flag())).toEqualTypeOf<
      DataStream<string>
    >();
  });

  it('infers joins from the two sides', () => {
    const views = env.fromElements({ page: 'a', ms: 5 });
    const joined = clicks()
      .join(views)
      .where((c) => c.page)
      .equalTo((v) => v.page)
      .window(TumblingEventTimeWindows.of(10))
      .apply((c, v) => ({ page: c.page, total: c.n + v.ms }));
    expectTypeOf(joined).toEqualTypeOf<DataStream<{ page: string; total: number }>>();
    const intervals = clicks()
      .keyBy((c) => c.page)
      .intervalJoin(views.keyBy((v) => v.page))
      .between(-5, 5)
      .process((c, v) => c.ts - v.ms);
    expectTypeOf(intervals).toEqualTypeOf<DataStream<number>>();
  });

  it('takes the element type from a typed source, or from the strategy for an untyped one', () => {
    const typed: Source<Click> = new CollectionSource<Click>([]);
    const untyped: Source<unknown> = new CollectionSource<unknown>([]);
    expectTypeOf(env.fromSource(typed, WatermarkStrategy.noWatermarks(), 'clicks')).toEqualTypeOf<DataStream<Click>>();
    const strategy = WatermarkStrategy.forBoundedOutOfOrderness<Click>(2000).withTimestampAssigner((c) => c.ts);
    const fromUntyped = env.fromSource(untyped, strategy, 'clicks');
    expectTypeOf(fromUntyped).toEqualTypeOf<DataStream<Click>>();
    const strings: Source<string> = new CollectionSource<string>([]);
    // @ts-expect-error a strategy for clicks does not fit a source of strings
    env.fromSource(strings, strategy, 'lines');
    expect(fromUntyped.node?.operator).toMatchObject({ kind: 'source', source: untyped, watermarkStrategy: strategy });
  });

  it('lets sum/min/max name only numeric fields', () => {
    expectTypeOf<NumericField<Click>>('n').toEqualTypeOf<'n' | 'ts'>();
    expectTypeOf<NumericField<[string, number, number]>>(1).toEqualTypeOf<1 | 2>();
    const keyed = clicks().keyBy((c) => c.page);
    expect(keyed.max('ts').node?.name).toBe('Keyed Aggregation');
    // @ts-expect-error 'page' holds strings
    keyed.sum('page');
    // @ts-expect-error no such field
    keyed.window(TumblingEventTimeWindows.of(10)).min('count');
  });
});
