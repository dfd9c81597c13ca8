import { JobDefinitionError } from '@weir/common';
import {
  CountEvictor,
  CountTrigger,
  GlobalWindows,
  KeyedProcessFunction,
  PurgingTrigger,
  ValueStateDescriptor,
  WatermarkStrategy,
  type Collector,
  type OperatorSpec,
  type RuntimeContext,
  type ValueState,
} from '@weir/core';
import { StreamExecutionEnvironment, type DataStream } from './index';

const local = (parallelism = 2) => StreamExecutionEnvironment.createLocalEnvironment({ parallelism });

function operatorOf<T, K extends OperatorSpec['kind']>(stream: DataStream<T>, kind: K) {
  const operator = stream.node?.operator;
  if (operator?.kind !== kind) throw new Error(`expected a ${kind} node, got ${operator?.kind}`);
  return operator as Extract<OperatorSpec, { kind: K }>;
}

interface Sale {
  shop: string;
  amount: number;
  day: number;
}
const sales: Sale[] = [
  { shop: 'a', amount: 5, day: 1 },
  { shop: 'b', amount: 1, day: 1 },
  { shop: 'a', amount: 2, day: 2 },
  { shop: 'a', amount: 9, day: 3 },
  { shop: 'b', amount: 4, day: 2 },
];
const byShop = (rows: Sale[]) => rows.filter((s) => s.shop === 'a').concat(rows.filter((s) => s.shop === 'b'));

describe('KeyedStream', () => {
  it('operators on it are keyed: hash edges and the key selector in the node', () => {
    const env = local();
    const key = (s: Sale) => s.shop;
    const keyed = env.fromCollection(sales).keyBy(key);
    expect(keyed.getKeySelector()).toBe(key);
    const reduced = keyed.reduce((a, b) => ({ ...a, amount: a.amount + b.amount }));
    expect(reduced.node?.name).toBe('Keyed Reduce');
    expect(operatorOf(reduced, 'keyedReduce').keySelector).toBe(key);
    expect(env.getStreamGraph().inEdges(reduced.node!.id)[0].partitioner).toEqual({ kind: 'hash', keySelector: key });
    const processed = keyed.process((s, ctx, out: Collector<string>) => out.collect(ctx.getCurrentKey()));
    expect([processed.node?.name, operatorOf(processed, 'keyedProcess').keySelector]).toEqual(['KeyedProcess', key]);
    expect(keyed.sum('amount').node?.name).toBe('Keyed Aggregation');
  });

  it('rolling reduce and field aggregations emit the value so far with every element', async () => {
    const keyedSales = () =>
      local()
        .fromCollection(sales)
        .keyBy((s) => s.shop);
    expect(byShop(await keyedSales().sum('amount').executeAndCollect())).toEqual([
      { shop: 'a', amount: 5, day: 1 },
      { shop: 'a', amount: 7, day: 1 },
      { shop: 'a', amount: 16, day: 1 },
      { shop: 'b', amount: 1, day: 1 },
      { shop: 'b', amount: 5, day: 1 },
    ]);
    const [min, max, minBy, maxBy] = await Promise.all([
      keyedSales().min('amount').executeAndCollect(),
      keyedSales().max('amount').executeAndCollect(),
      keyedSales().minBy('amount').executeAndCollect(),
      keyedSales().maxBy('amount').executeAndCollect(),
    ]);
    expect(byShop(min).map((s) => [s.amount, s.day])).toEqual([
      [5, 1],
      [2, 1],
      [2, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(byShop(max).map((s) => [s.amount, s.day])).toEqual([
      [5, 1],
      [5, 1],
      [9, 1],
      [1, 1],
      [4, 1],
    ]);
    expect(byShop(minBy).map((s) => [s.amount, s.day])).toEqual([
      [5, 1],
      [2, 2],
      [2, 2],
      [1, 1],
      [1, 1],
    ]);
    expect(byShop(maxBy).map((s) => [s.amount, s.day])).toEqual([
      [5, 1],
      [5, 1],
      [9, 3],
      [1, 1],
      [4, 2],
    ]);
    const reduced = await local()
      .fromElements(1, 2, 3, 4, 5)
      .keyBy((x) => x % 2 === 0)
      .reduce({ reduce: (a, b) => a * b })
      .executeAndCollect();
    expect(reduced.sort((a, b) => a - b)).toEqual([1, 2, 3, 8, 15]);
  });

  it('process gets keyed state and timers', async () => {
    class FirstAndTimer extends KeyedProcessFunction<string, Sale, string> {
      private seen!: ValueState<boolean>;
      override open(ctx: RuntimeContext) {
        this.seen = ctx.getState(new ValueStateDescriptor<boolean>('seen'));
      }
      processElement(sale: Sale, ctx: KeyedProcessFunction.Context<string>, out: Collector<string>) {
        if (this.seen.value()) return;
        this.seen.update(true);
        out.collect(`first ${ctx.getCurrentKey()} ${sale.amount}`);
        ctx.timerService().registerEventTimeTimer(100);
      }
      override onTimer(ts: number, ctx: KeyedProcessFunction.OnTimerContext<string>, out: Collector<string>) {
        out.collect(`timer ${ctx.getCurrentKey()} ${ts}`);
      }
    }
    const env = local(1);
    const out = await env
      .fromCollection(sales)
      .assignTimestampsAndWatermarks(
        WatermarkStrategy.forMonotonousTimestamps<Sale>().withTimestampAssigner((s) => s.day),
      )
      .keyBy((s) => s.shop)
      .process(new FirstAndTimer())
      .executeAndCollect();
    expect(out.sort()).toEqual(['first a 5', 'first b 1', 'timer a 100', 'timer b 100']);
  });

  describe('countWindow', () => {
    it('is GlobalWindows with a purging count trigger, or an evictor when sliding, as in Flink', () => {
      const env = local();
      const keyed = env.fromCollection(sales).keyBy((s) => s.shop);
      const tumbling = operatorOf(keyed.countWindow(2).sum('amount'), 'window');
      expect(tumbling.assigner).toBe(GlobalWindows.create());
      expect(tumbling.trigger).toBeInstanceOf(PurgingTrigger);
      expect((tumbling.trigger as PurgingTrigger<unknown, never>).nestedTrigger).toEqual(CountTrigger.of(2));
      expect(tumbling.evictor).toBeUndefined();
      const sliding = keyed.countWindow(3, 1).sum('amount');
      expect(operatorOf(sliding, 'window').trigger).toEqual(CountTrigger.of(1));
      expect(operatorOf(sliding, 'window').evictor).toEqual(CountEvictor.of(3));
      expect(sliding.node?.name).toBe('Window(GlobalWindows, CountTrigger, CountEvictor, sum)');
      expect(() => keyed.countWindow(0)).toThrow(JobDefinitionError);
      expect(() => keyed.countWindow(2, 1.5)).toThrow(
        'the slide must be a whole number of elements, at least 1, not 1.5.',
      );
    });

    it('fires every size elements per key; sliding, every slide elements over the last size', async () => {
      const numbers = () => local().fromElements(1, 2, 3, 4, 5, 6, 7);
      const tumbling = numbers()
        .keyBy(() => 'all')
        .countWindow(3)
        .reduce((a, b) => a + b)
        .executeAndCollect();
      const sliding = numbers()
        .keyBy(() => 'all')
        .countWindow(3, 2)
        .process((_key, _ctx, elements, out: Collector<number[]>) => out.collect([...elements]))
        .executeAndCollect();
      expect(await tumbling).toEqual([6, 15]);
      expect(await sliding).toEqual([
        [1, 2],
        [2, 3, 4],
        [4, 5, 6],
      ]);
    });
  });
});
