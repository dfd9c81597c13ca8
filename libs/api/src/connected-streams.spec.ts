import { JobDefinitionError } from '@weir/common';
import {
  CoProcessFunction,
  KeyedCoProcessFunction,
  ValueStateDescriptor,
  type Collector,
  type RuntimeContext,
  type ValueState,
} from '@weir/core';
import { StreamExecutionEnvironment, type DataStream } from './index';

const local = (parallelism = 2) => StreamExecutionEnvironment.createLocalEnvironment({ parallelism });

function inputsOf<T>(env: StreamExecutionEnvironment, stream: DataStream<T>) {
  return env
    .getStreamGraph()
    .inEdges(stream.node!.id)
    .map((e) => [e.sourceId, e.partitioner.kind, e.inputIndex]);
}

class Tally extends CoProcessFunction<number, string, string> {
  processElement1(value: number, _ctx: CoProcessFunction.Context, out: Collector<string>) {
    out.collect(`n${value}`);
  }
  processElement2(value: string, _ctx: CoProcessFunction.Context, out: Collector<string>) {
    out.collect(`s${value}`);
  }
}

describe('ConnectedStreams', () => {
  it('declares two-input operators: input 0 from the first stream, input 1 from the second', () => {
    const env = local();
    const numbers = env.fromElements(1, 2);
    const strings = env.fromElements('a');
    const connected = numbers.connect(strings);
    expect(connected.getFirstInput()).toBe(numbers);
    expect(connected.getSecondInput()).toBe(strings);
    const mapped = connected.map(
      (n) => n * 2,
      (s) => s.length,
    );
    expect([mapped.node?.name, mapped.node?.operator.kind]).toEqual(['Co-Map', 'coMap']);
    expect(inputsOf(env, mapped)).toEqual([
      [numbers.node!.id, 'forward', 0],
      [strings.node!.id, 'forward', 1],
    ]);
    const flat = connected.flatMap(
      (n) => [n],
      (s) => [s.length],
    );
    expect(flat.node?.name).toBe('Co-Flat Map');
    expect(connected.process(new Tally()).node?.name).toBe('Co-Process');
  });

  it('keyBy(k1, k2) keys both inputs, and process then is keyed', () => {
    const env = local();
    const keyed = env
      .fromElements({ id: 1 })
      .connect(env.fromElements({ ref: 1 }))
      .keyBy(
        (a) => a.id,
        (b) => b.ref,
      );
    class Keyed extends KeyedCoProcessFunction<number, { id: number }, { ref: number }, number> {
      processElement1() {}
      processElement2() {}
    }
    const processed = keyed.process(new Keyed());
    expect(processed.node?.name).toBe('KeyedCoProcess');
    expect(processed.node?.operator).toMatchObject({
      kind: 'keyedCoProcess',
      keySelector1: keyed.getFirstInput().keySelectorOf(),
      keySelector2: keyed.getSecondInput().keySelectorOf(),
    });
    expect(inputsOf(env, processed).map(([, partitioner]) => partitioner)).toEqual(['hash', 'hash']);
  });

  it('refuses a KeyedCoProcessFunction on unkeyed inputs, and functions of the wrong shape', () => {
    const env = local();
    const connected = env.fromElements(1).connect(env.fromElements('a'));
    class Keyed extends KeyedCoProcessFunction<number, number, string, number> {
      processElement1() {}
      processElement2() {}
    }
    expect(() => connected.process(new Keyed())).toThrow(JobDefinitionError);
    expect(() => connected.process(new Keyed())).toThrow(
      'a KeyedCoProcessFunction needs both inputs keyed: call keyBy(key1, key2) on the connected streams first',
    );
    const oneFunction = (fn: (n: number) => number) => connected.map(fn, undefined as never);
    expect(() => oneFunction((n) => n)).toThrow('it needs one for the second input too, not undefined');
    expect(() => connected.process({ processElement1: () => undefined } as never)).toThrow(
      'expects an object with processElement1(), processElement2()',
    );
  });

  it('runs map, flatMap and process over both inputs', async () => {
    const connect = () => {
      const env = local();
      return env.fromElements(1, 2).connect(env.fromElements('ab', 'c'));
    };
    const [mapped, objectMapped, flat, processed] = await Promise.all([
      connect()
        .map(
          (n) => `n${n}`,
          (s) => `s${s}`,
        )
        .executeAndCollect(),
      connect()
        .map({ map1: (n: number) => n, map2: (s: string) => s.length })
        .executeAndCollect(),
      connect()
        .flatMap<number | string>(
          (n) => [n, n],
          (s) => s.split(''),
        )
        .executeAndCollect(),
      connect().process(new Tally()).executeAndCollect(),
    ]);
    expect(mapped.sort()).toEqual(['n1', 'n2', 'sab', 'sc']);
    expect(objectMapped.sort()).toEqual([1, 1, 2, 2]);
    expect(flat.map(String).sort()).toEqual(['1', '1', '2', '2', 'a', 'b', 'c']);
    expect(processed.sort()).toEqual(['n1', 'n2', 'sab', 'sc']);
  });

  it('keyed process shares state between the inputs per key', async () => {
    type Product = { id: number; name: string };
    type Order = { ref: number; qty: number };
    /** Whichever side of a key comes second completes the pair. */
    class Enrich extends KeyedCoProcessFunction<number, Product, Order, string> {
      private product!: ValueState<Product>;
      private order!: ValueState<Order>;
      override open(ctx: RuntimeContext) {
        this.product = ctx.getState(new ValueStateDescriptor<Product>('product'));
        this.order = ctx.getState(new ValueStateDescriptor<Order>('order'));
      }
      processElement1(product: Product, ctx: KeyedCoProcessFunction.Context<number>, out: Collector<string>) {
        this.product.update(product);
        this.emit(ctx.getCurrentKey(), out);
      }
      processElement2(order: Order, ctx: KeyedCoProcessFunction.Context<number>, out: Collector<string>) {
        this.order.update(order);
        this.emit(ctx.getCurrentKey(), out);
      }
      private emit(key: number, out: Collector<string>) {
        const product = this.product.value();
        const order = this.order.value();
        if (product !== undefined && order !== undefined) out.collect(`${key}:${product.name}x${order.qty}`);
      }
    }
    const env = local(1);
    const out = await env
      .fromElements({ id: 1, name: 'pen' }, { id: 2, name: 'ink' })
      .connect(env.fromElements({ ref: 2, qty: 5 }, { ref: 1, qty: 3 }))
      .keyBy(
        (p) => p.id,
        (o) => o.ref,
      )
      .process(new Enrich())
      .executeAndCollect();
    expect(out.sort()).toEqual(['1:penx3', '2:inkx5']);
  });
});
