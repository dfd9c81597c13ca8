import { WatermarkStrategy, type OperatorSpec } from '@weir/core';
import { StreamExecutionEnvironment } from './index';

const local = (parallelism = 2) => StreamExecutionEnvironment.createLocalEnvironment({ parallelism });

describe('IntervalJoin', () => {
  it('declares one two-input node keyed on both sides', () => {
    const env = local();
    const orders = env.fromElements({ id: 1, at: 10 }).keyBy((o) => o.id);
    const payments = env.fromElements({ order: 1, at: 12 }).keyBy((p) => p.order);
    const joined = orders
      .intervalJoin(payments)
      .between(-5, 10)
      .upperBoundExclusive()
      .process((o, p) => p.at - o.at);
    const operator = joined.node?.operator as Extract<OperatorSpec, { kind: 'intervalJoin' }>;
    expect(joined.node?.name).toBe('Interval Join');
    expect(operator).toMatchObject({
      lowerBoundMs: -5,
      upperBoundMs: 10,
      lowerBoundInclusive: true,
      upperBoundInclusive: false,
      keySelector1: orders.getKeySelector(),
      keySelector2: payments.getKeySelector(),
    });
    expect(
      env
        .getStreamGraph()
        .inEdges(joined.node!.id)
        .map((e) => [e.sourceId, e.partitioner.kind, e.inputIndex]),
    ).toEqual([
      [orders.inputs[0].nodeId, 'hash', 0],
      [payments.inputs[0].nodeId, 'hash', 1],
    ]);
  });

  it('checks its bounds and that the other side is keyed', () => {
    const env = local();
    const orders = env.fromElements({ id: 1 }).keyBy((o) => o.id);
    expect(() => orders.intervalJoin(orders).between(5, 1)).toThrow(
      'the bounds must be whole numbers of milliseconds with lower <= upper, not lower=5, upper=1.',
    );
    const unkeyed = env.fromElements({ id: 1 }) as unknown as typeof orders;
    expect(() => orders.intervalJoin(unkeyed)).toThrow('both sides of an interval join must be keyed');
  });

  it('joins the pairs whose timestamps lie in the interval', async () => {
    const env = local();
    const strategy = WatermarkStrategy.forMonotonousTimestamps<{ key: string; at: number }>().withTimestampAssigner(
      (e) => e.at,
    );
    const left = env
      .fromElements({ key: 'k', at: 10 }, { key: 'k', at: 20 })
      .assignTimestampsAndWatermarks(strategy)
      .keyBy((e) => e.key);
    const right = env
      .fromElements({ key: 'k', at: 8 }, { key: 'k', at: 12 }, { key: 'k', at: 15 }, { key: 'x', at: 11 })
      .assignTimestampsAndWatermarks(strategy)
      .keyBy((e) => e.key);
    const inclusive = await left
      .intervalJoin(right)
      .between(-2, 5)
      .process((l, r) => `${l.at}-${r.at}`)
      .executeAndCollect();
    expect(inclusive.sort()).toEqual(['10-12', '10-15', '10-8']);
    const env2 = local();
    const exclusive = await env2
      .fromElements({ key: 'k', at: 10 })
      .assignTimestampsAndWatermarks(strategy)
      .keyBy((e) => e.key)
      .intervalJoin(
        env2
          .fromElements({ key: 'k', at: 8 }, { key: 'k', at: 12 }, { key: 'k', at: 15 })
          .assignTimestampsAndWatermarks(strategy)
          .keyBy((e) => e.key),
      )
      .between(-2, 5)
      .lowerBoundExclusive()
      .upperBoundExclusive()
      .process((l, r) => `${l.at}-${r.at}`)
      .executeAndCollect();
    expect(exclusive).toEqual(['10-12']);
  });
});
