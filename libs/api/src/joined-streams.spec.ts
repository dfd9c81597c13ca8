import {
  CountTrigger,
  EventTimeSessionWindows,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  type JoinFunction,
} from '@weir/core';
import { StreamExecutionEnvironment } from './index';

const local = (parallelism = 2) => StreamExecutionEnvironment.createLocalEnvironment({ parallelism });

interface Order {
  id: number;
  user: string;
  at: number;
}
interface Visit {
  user: string;
  page: string;
  at: number;
}
const orders: Order[] = [
  { id: 1, user: 'ann', at: 100 },
  { id: 2, user: 'bob', at: 200 },
  { id: 3, user: 'ann', at: 1200 },
];
const visits: Visit[] = [
  { user: 'ann', page: 'home', at: 50 },
  { user: 'ann', page: 'cart', at: 900 },
  { user: 'bob', page: 'home', at: 1100 },
  { user: 'ann', page: 'help', at: 1500 },
];

function streams(env: StreamExecutionEnvironment) {
  return {
    orders: env
      .fromCollection(orders)
      .assignTimestampsAndWatermarks(
        WatermarkStrategy.forMonotonousTimestamps<Order>().withTimestampAssigner((o) => o.at),
      ),
    visits: env
      .fromCollection(visits)
      .assignTimestampsAndWatermarks(
        WatermarkStrategy.forMonotonousTimestamps<Visit>().withTimestampAssigner((v) => v.at),
      ),
  };
}

describe('JoinedStreams', () => {
  it('is built as Flink builds it: a tagging map per side, union, keyBy and one window operator', () => {
    const env = local();
    const { orders, visits } = streams(env);
    const joined = orders
      .join(visits)
      .where((o) => o.user)
      .equalTo((v) => v.user)
      .window(TumblingEventTimeWindows.of(1000))
      .apply((o, v) => `${o.id}:${v.page}`);
    const graph = env.getStreamGraph();
    const window = joined.node!;
    expect(window.name).toBe('Window(TumblingEventTimeWindows, EventTimeTrigger, join)');
    const inputs = graph.inEdges(window.id).map((e) => [graph.node(e.sourceId).name, e.partitioner.kind, e.inputIndex]);
    expect(inputs).toEqual([
      ['Join: tag left', 'hash', 0],
      ['Join: tag right', 'hash', 0],
    ]);
    expect(graph.inEdges(graph.inEdges(window.id)[0].sourceId)[0].sourceId).toBe(orders.node!.id);
    expect(window.operator).toMatchObject({ kind: 'window', windowFunction: { kind: 'process' } });
  });

  it('checks the keys and the window settings where they are given', () => {
    const env = local();
    const { orders, visits } = streams(env);
    expect(() => orders.join(visits).where('user' as never)).toThrow(
      'where() (declared at libs/api/src/joined-streams.spec.ts:',
    );
    const sessions = orders
      .join(visits)
      .where((o) => o.user)
      .equalTo((v) => v.user)
      .window(EventTimeSessionWindows.withGap(100));
    expect(() => sessions.allowedLateness(-5)).toThrow('the allowed lateness must be a whole number of milliseconds');
    const counted = sessions.trigger(CountTrigger.of(2)).apply((o, v) => o.at - v.at);
    expect(counted.node?.name).toBe('Window(EventTimeSessionWindows, CountTrigger, join)');
    expect(counted.node?.operator).toMatchObject({ trigger: CountTrigger.of(2) });
  });

  it('pairs the elements of both sides with equal keys in the same window', async () => {
    const env = local();
    const { orders, visits } = streams(env);
    const pairs = await orders
      .join(visits)
      .where((o) => o.user)
      .equalTo((v) => v.user)
      .window(TumblingEventTimeWindows.of(1000))
      .apply((o, v) => `${o.id}:${v.page}`)
      .executeAndCollect();
    expect(pairs.sort()).toEqual(['1:cart', '1:home', '3:help']);
  });

  it('takes a JoinFunction object too', async () => {
    const env = local();
    const { orders, visits } = streams(env);
    const join: JoinFunction<Order, Visit, number> = { join: (o, v) => v.at - o.at };
    const gaps = await orders
      .join(visits)
      .where((o) => o.user)
      .equalTo((v) => v.user)
      .window(TumblingEventTimeWindows.of(1000))
      .apply(join)
      .executeAndCollect();
    expect(gaps.sort((a, b) => a - b)).toEqual([-50, 300, 800]);
  });
});
