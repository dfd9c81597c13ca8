import { JobDefinitionError } from '@weir/common';
import {
  BroadcastProcessFunction,
  KeyedBroadcastProcessFunction,
  ListStateDescriptor,
  MapStateDescriptor,
  type Collector,
  type ListState,
  type RuntimeContext,
} from '@weir/core';
import { StreamExecutionEnvironment } from './index';

const local = (parallelism = 2) => StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
const thresholds = new MapStateDescriptor<string, number>('thresholds');

interface Reading {
  sensor: string;
  value: number;
}
interface Rule {
  sensor: string;
  max: number;
}

/** Flags readings above their sensor's threshold; the rules come in on the broadcast side. */
class Alerts extends BroadcastProcessFunction<Reading, Rule, string> {
  processElement(r: Reading, ctx: BroadcastProcessFunction.ReadOnlyContext, out: Collector<string>) {
    const max = ctx.getBroadcastState(thresholds).get(r.sensor);
    if (max !== undefined && r.value > max) out.collect(`${r.sensor}=${r.value}`);
  }
  processBroadcastElement(rule: Rule, ctx: BroadcastProcessFunction.Context) {
    ctx.getBroadcastState(thresholds).put(rule.sensor, rule.max);
  }
}

class KeyedAlerts extends KeyedBroadcastProcessFunction<string, Reading, Rule, string> {
  processElement(r: Reading, ctx: KeyedBroadcastProcessFunction.ReadOnlyContext<string>, out: Collector<string>) {
    const max = ctx.getBroadcastState(thresholds).get(ctx.getCurrentKey());
    if (max !== undefined && r.value > max) out.collect(`${ctx.getCurrentKey()}=${r.value}`);
  }
  processBroadcastElement(rule: Rule, ctx: KeyedBroadcastProcessFunction.Context<string>) {
    ctx.getBroadcastState(thresholds).put(rule.sensor, rule.max);
  }
}

describe('BroadcastConnectedStream', () => {
  it('declares one node: the first stream on input 0, the broadcast stream broadcast on input 1', () => {
    const env = local();
    const readings = env.fromElements<Reading>({ sensor: 's', value: 1 });
    const rules = env.fromElements<Rule>({ sensor: 's', max: 0 });
    const broadcast = rules.broadcast(thresholds);
    expect(broadcast.getBroadcastStateDescriptors()).toEqual([thresholds]);
    const connected = readings.connect(broadcast);
    expect(connected.getFirstInput()).toBe(readings);
    const alerts = connected.process(new Alerts());
    expect(alerts.node?.name).toBe('Co-Process-Broadcast');
    expect(alerts.node?.operator).toMatchObject({
      kind: 'broadcastProcess',
      keySelector: undefined,
      descriptors: [thresholds],
    });
    expect(
      env
        .getStreamGraph()
        .inEdges(alerts.node!.id)
        .map((e) => [e.sourceId, e.partitioner.kind, e.partitionerSetByUser, e.inputIndex]),
    ).toEqual([
      [readings.node!.id, 'forward', false, 0],
      [rules.node!.id, 'broadcast', true, 1],
    ]);
    const keyed = readings
      .keyBy((r) => r.sensor)
      .connect(broadcast)
      .process(new KeyedAlerts());
    expect(keyed.node?.name).toBe('Co-Process-Broadcast-Keyed');
  });

  it('matches the function to whether the first stream is keyed', () => {
    const env = local();
    const readings = env.fromElements<Reading>({ sensor: 's', value: 1 });
    const broadcast = env.fromElements<Rule>({ sensor: 's', max: 0 }).broadcast(thresholds);
    expect(() => readings.connect(broadcast).process(new KeyedAlerts())).toThrow(JobDefinitionError);
    expect(() => readings.connect(broadcast).process(new KeyedAlerts())).toThrow(
      'a KeyedBroadcastProcessFunction needs a keyed first stream',
    );
    expect(() =>
      readings
        .keyBy((r) => r.sensor)
        .connect(broadcast)
        .process(new Alerts()),
    ).toThrow('the first stream is keyed, so its function must be a KeyedBroadcastProcessFunction');
    expect(() => readings.broadcast({ kind: 'value' } as never)).toThrow(
      'broadcast state is map state: pass MapStateDescriptors, not an object.',
    );
  });

  it('sends every broadcast element to every subtask', async () => {
    class EchoRules extends BroadcastProcessFunction<Reading, Rule, string> {
      processElement() {}
      processBroadcastElement(rule: Rule, ctx: BroadcastProcessFunction.Context, out: Collector<string>) {
        ctx.getBroadcastState(thresholds).put(rule.sensor, rule.max);
        out.collect(rule.sensor);
      }
    }
    const env = local(3);
    const rules = env.fromElements<Rule>({ sensor: 'a', max: 2 }, { sensor: 'b', max: 0 }).broadcast(thresholds);
    const echoed = await env
      .fromElements<Reading>({ sensor: 'a', value: 5 })
      .connect(rules)
      .process(new EchoRules())
      .executeAndCollect();
    expect(echoed.sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
  });

  it('lets a keyed function read the broadcast state with its keyed state and timers', async () => {
    /** Checks readings once both inputs have ended (the timer fires on the final watermark), so after every rule. */
    class LateAlerts extends KeyedBroadcastProcessFunction<string, Reading, Rule, string> {
      private pending!: ListState<number>;
      override open(ctx: RuntimeContext) {
        this.pending = ctx.getListState(new ListStateDescriptor<number>('pending'));
      }
      processElement(r: Reading, ctx: KeyedBroadcastProcessFunction.ReadOnlyContext<string>) {
        this.pending.add(r.value);
        ctx.timerService().registerEventTimeTimer(0);
      }
      processBroadcastElement(rule: Rule, ctx: KeyedBroadcastProcessFunction.Context<string>) {
        ctx.getBroadcastState(thresholds).put(rule.sensor, rule.max);
      }
      override onTimer(_ts: number, ctx: KeyedBroadcastProcessFunction.OnTimerContext<string>, out: Collector<string>) {
        const max = ctx.getBroadcastState(thresholds).get(ctx.getCurrentKey()) ?? Infinity;
        for (const value of this.pending.get()) if (value > max) out.collect(`${ctx.getCurrentKey()}=${value}`);
      }
    }
    const env = local(1);
    const rules = env.fromElements<Rule>({ sensor: 'a', max: 2 }, { sensor: 'b', max: 0 }).broadcast(thresholds);
    const alerts = await env
      .fromElements<Reading>(
        { sensor: 'a', value: 5 },
        { sensor: 'b', value: 1 },
        { sensor: 'a', value: 1 },
        { sensor: 'c', value: 9 },
      )
      .keyBy((r) => r.sensor)
      .connect(rules)
      .process(new LateAlerts())
      .executeAndCollect();
    expect(alerts.sort()).toEqual(['a=5', 'b=1']);
  });
});
