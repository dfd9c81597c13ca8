import { readFileSync } from 'node:fs';
import { JobDefinitionError } from '@weir/common';
import {
  CollectSink,
  DataGeneratorSource,
  OutputTag,
  ProcessFunction,
  WatermarkStrategy,
  type Collector,
  type FlatMapFunction,
  type OperatorSpec,
} from '@weir/core';
import { StreamExecutionEnvironment, type DataStream } from './index';

const local = (parallelism = 2) => StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const SPEC_FILE = 'libs/api/src/data-stream.spec.ts';
const specLines = readFileSync(__filename, 'utf8').split('\n');
/** Where the line ending in the comment `// <marker>` is, as declaredAt reports it. */
const at = (marker: string) => `${SPEC_FILE}:${specLines.findIndex((l) => l.endsWith(`// ${marker}`)) + 1}`;

function nodeOf<T>(stream: DataStream<T>) {
  if (stream.node === undefined) throw new Error('not an operator stream');
  return stream.node;
}

/** The edges into a node, as [source node, partitioner, set by user, input index, side output]. */
function inputsOf<T>(env: StreamExecutionEnvironment, stream: DataStream<T>) {
  return env
    .getStreamGraph()
    .inEdges(nodeOf(stream).id)
    .map((e) => [e.sourceId, e.partitioner.kind, e.partitionerSetByUser, e.inputIndex, e.sideOutputTag]);
}

describe('DataStream', () => {
  describe('operators', () => {
    it('each add a node named as in Flink, fed by a default (forward) edge, declared at the user’s line', () => {
      const env = local();
      const source = env.fromElements(1, 2);
      const mapped = source.map((x) => x * 2); // mapped
      const filtered = mapped.filter((x) => x > 2);
      const flat = filtered.flatMap((x) => [x, x]);
      const processed = flat.process((x, _ctx, out: Collector<string>) => out.collect(String(x)));
      const timed = processed.assignTimestampsAndWatermarks(WatermarkStrategy.noWatermarks());
      const nodes = [nodeOf(mapped), nodeOf(filtered), nodeOf(flat), nodeOf(processed), nodeOf(timed)];
      expect(nodes.map((n) => [n.name, n.operator.kind])).toEqual([
        ['Map', 'map'],
        ['Filter', 'filter'],
        ['Flat Map', 'flatMap'],
        ['Process', 'process'],
        ['Timestamps/Watermarks', 'timestampsAndWatermarks'],
      ]);
      expect(inputsOf(env, mapped)).toEqual([[nodeOf(source).id, 'forward', false, 0, undefined]]);
      expect(nodeOf(mapped).declaredAt).toBe(at('mapped'));
      expect(nodeOf(mapped).uid).toBe(`map-${nodeOf(mapped).id}`);
      expect(nodeOf(mapped).parallelism).toBeUndefined();
    });

    it('keep a function object as it is and turn lambdas into the interface form', () => {
      const env = local();
      const flatMapper: FlatMapFunction<number, number> = { flatMap: (x, out) => out.collect(x) };
      const flat = env.fromElements(1).flatMap(flatMapper);
      expect((nodeOf(flat).operator as Extract<OperatorSpec, { kind: 'flatMap' }>).fn).toBe(flatMapper);
      const mapped = env.fromElements(1).map((x) => x + 1);
      const map = (nodeOf(mapped).operator as Extract<OperatorSpec, { kind: 'map' }>).fn;
      expect(map.map(1)).toBe(2);
    });

    it('reject a function of the wrong shape, naming the call and the line', () => {
      const env = local();
      const stream = env.fromElements(1);
      expect(() => stream.map(undefined as never)).toThrow(JobDefinitionError);
      const badMap = () => stream.map(undefined as never); // bad map
      expect(badMap).toThrow(
        `map() (declared at ${at('bad map')}): expects a function (value) => result or an object with map(), not undefined.`,
      );
      const badKey = () => stream.keyBy('page' as never); // bad key
      expect(badKey).toThrow(
        `keyBy() (declared at ${at('bad key')}): the key selector must be a function (value) => key, not the string "page".`,
      );
    });
  });

  describe('partitioning', () => {
    it('keyBy, union and the partitioners add no node; they shape the next operator’s edges', () => {
      const env = local();
      const a = env.fromElements(1);
      const b = env.fromSequence(1, 5);
      const nodes = env.getStreamGraph().nodes.size;
      const keyed = a.union(b).keyBy((x) => x % 2);
      const rebalanced = a.rebalance();
      expect(env.getStreamGraph().nodes.size).toBe(nodes);
      const [ida, idb] = [nodeOf(a).id, nodeOf(b).id];
      expect(
        inputsOf(
          env,
          keyed.map((x) => x),
        ),
      ).toEqual([
        [ida, 'hash', true, 0, undefined],
        [idb, 'hash', true, 0, undefined],
      ]);
      const partitioned = [
        rebalanced,
        a.rescale(),
        a.shuffle(),
        a.forward(),
        a.global(),
        a.broadcast(),
        a.union(b.rebalance()),
      ].map((s) =>
        inputsOf(
          env,
          s.map((x) => x),
        ),
      );
      expect(partitioned).toEqual([
        [[ida, 'rebalance', true, 0, undefined]],
        [[ida, 'rescale', true, 0, undefined]],
        [[ida, 'shuffle', true, 0, undefined]],
        [[ida, 'forward', true, 0, undefined]],
        [[ida, 'global', true, 0, undefined]],
        [[ida, 'broadcast', true, 0, undefined]],
        [
          [ida, 'forward', false, 0, undefined],
          [idb, 'rebalance', true, 0, undefined],
        ],
      ]);
    });

    it('the hash partitioner carries the key selector', () => {
      const env = local();
      const key = (x: number) => x % 3;
      const mapped = env
        .fromElements(1)
        .keyBy(key)
        .map((x) => x);
      expect(env.getStreamGraph().inEdges(nodeOf(mapped).id)[0].partitioner).toEqual({
        kind: 'hash',
        keySelector: key,
      });
    });
  });

  describe('side outputs', () => {
    it('getSideOutput reads a tagged output of the operator', () => {
      const env = local();
      const processed = env.fromElements(1).process((x, ctx, out: Collector<number>) => out.collect(x));
      const tag = new OutputTag<string>('errors');
      const errors = processed.getSideOutput(tag).map((e) => e.length);
      expect(inputsOf(env, errors)).toEqual([[nodeOf(processed).id, 'forward', false, 0, 'errors']]);
    });

    it('is only available right after an operator', () => {
      const env = local();
      const rebalanced = env.fromElements(1).rebalance();
      const sideOutput = () => rebalanced.getSideOutput(new OutputTag<number>('x')); // side output
      expect(sideOutput).toThrow(
        `getSideOutput() (declared at ${at('side output')}): this stream is the result of keyBy, union,`,
      );
    });
  });

  describe('operator settings', () => {
    it('name, uid, parallelism and chaining apply to the operator that made the stream', () => {
      const env = local();
      const mapped = env
        .fromElements(1)
        .map((x) => x)
        .name('parse')
        .uid('parse-v1')
        .setParallelism(3)
        .setMaxParallelism(64)
        .disableChaining();
      const filtered = mapped.filter(() => true).startNewChain();
      expect(nodeOf(mapped)).toMatchObject({
        name: 'parse',
        uid: 'parse-v1',
        uidSetByUser: true,
        parallelism: 3,
        maxParallelism: 64,
        chainingStrategy: 'never',
      });
      expect(nodeOf(filtered).chainingStrategy).toBe('head');
    });

    it('are checked where they are set', () => {
      const env = local();
      const mapped = env.fromElements(1).map((x) => x); // first map
      mapped.uid('one');
      const other = mapped.map((x) => x);
      const zero = () => other.setParallelism(0); // zero
      expect(zero).toThrow(
        `setParallelism(0) (declared at ${at('zero')}): the parallelism of operator 'Map' must be a whole number of at least 1, not 0.`,
      );
      expect(() => other.setParallelism(2.5)).toThrow(JobDefinitionError);
      expect(() => other.setMaxParallelism(0)).toThrow('must be a whole number from 1 to 32768, not 0.');
      const sameUid = () => other.uid('one'); // same uid
      expect(sameUid).toThrow(
        `uid() (declared at ${at('same uid')}): the uid 'one' is already the uid of operator 'Map' (declared at ${at('first map')}); uids must be unique in a job`,
      );
      expect(() => other.name('')).toThrow('an operator name must be a non-empty string');
      expect(() => env.fromElements(1).setParallelism(2)).toThrow(
        "'Source: Collection Source' always runs with parallelism 1 (it is not a parallel source)",
      );
      expect(env.fromElements(1).setParallelism(1)).toBeDefined();
      const nameKeyed = () => mapped.keyBy((x) => x).name('keyed'); // name keyed
      expect(nameKeyed).toThrow(`name() (declared at ${at('name keyed')}): this stream is the result of keyBy`);
      expect(() => mapped.union(other).uid('u')).toThrow(JobDefinitionError);
    });

    it('watermark alignment: checked where it is given, and only for sources', () => {
      const monotonous = WatermarkStrategy.forMonotonousTimestamps<number>();
      expect(monotonous.withWatermarkAlignment('g', 500).alignment).toEqual({
        group: 'g',
        maxAllowedDriftMs: 500,
        updateIntervalMs: 1000,
      });
      expect(() => monotonous.withWatermarkAlignment('', 500)).toThrow('group must be a non-empty string');
      expect(() => monotonous.withWatermarkAlignment('g', -1)).toThrow('drift must be a number of milliseconds');
      expect(() => monotonous.withWatermarkAlignment('g', 5, 0)).toThrow('update interval must be a positive');
      expect(() => WatermarkStrategy.noWatermarks().withWatermarkAlignment('g', 5)).toThrow('no watermarks to align');
      // The alignment survives the other with…s.
      const kept = monotonous
        .withWatermarkAlignment('g', 5)
        .withIdleness(10)
        .withTimestampAssigner((n) => n);
      expect(kept.alignment).toEqual({ group: 'g', maxAllowedDriftMs: 5, updateIntervalMs: 1000 });
      const stream = local().fromElements(1);
      const midStream = () => stream.assignTimestampsAndWatermarks(monotonous.withWatermarkAlignment('g', 5)); // mid-stream
      expect(midStream).toThrow(
        `assignTimestampsAndWatermarks() (declared at ${at('mid-stream')}): cannot align watermarks: only a source can pause`,
      );
    });
  });

  describe('sinks', () => {
    it('sinkTo and print end the pipeline in a sink node', () => {
      const env = local();
      const stream = env.fromElements(1);
      const collect = new CollectSink<number>();
      const sink = stream.sinkTo(collect).name('collect').uid('collect-sink').setParallelism(1);
      stream.print('p');
      const sinks = [...env.getStreamGraph().nodes.values()].filter((n) => n.operator.kind === 'sink');
      expect(sinks.map((n) => [n.name, n.uid, n.parallelism])).toEqual([
        ['collect', 'collect-sink', 1],
        ['Sink: Print to Std. Out', `sink-${sinks[1].id}`, undefined],
      ]);
      expect(sinks[0].operator).toEqual({ kind: 'sink', sink: collect });
      expect(sink.disableChaining()).toBe(sink);
      expect(sinks[0].chainingStrategy).toBe('never');
      expect(() => stream.sinkTo({} as never)).toThrow('expects a Sink (an object with createWriter())');
    });
  });

  describe('executeAndCollect', () => {
    it('returns everything that reached the stream', async () => {
      const env = local();
      const result = await env
        .fromSequence(1, 10)
        .filter((x) => x % 2 === 0)
        .map((x) => x * 10)
        .executeAndCollect();
      expect(sorted(result)).toEqual([20, 40, 60, 80, 100]);
    });

    it('with a limit, returns the first elements of a job that never ends, and cancels it', async () => {
      const env = local(1);
      const endless = env.fromSource(
        new DataGeneratorSource({ generate: (i) => i }),
        WatermarkStrategy.noWatermarks(),
        'endless',
      );
      await expect(endless.map((x) => x * 2).executeAndCollect(4)).resolves.toEqual([0, 2, 4, 6]);
    });

    it('without a limit, refuses a job that would never end', () => {
      const env = local();
      const endless = env.fromSource(
        new DataGeneratorSource({ generate: (i) => i }),
        WatermarkStrategy.noWatermarks(),
        'endless',
      );
      const collectAll = () => endless.executeAndCollect(); // collect all
      expect(collectAll).toThrow(
        `executeAndCollect() (declared at ${at('collect all')}): the job reads from 'Source: endless', which never ends`,
      );
      expect(() => endless.executeAndCollect(0)).toThrow('the limit must be a whole number of at least 1, not 0.');
    });

    it('fails with the user’s error when the job fails', async () => {
      const env = local(1);
      const failing = env.fromElements(1, 2).map((x) => {
        if (x === 2) throw new Error('bad record');
        return x;
      });
      await expect(failing.executeAndCollect()).rejects.toThrow('bad record');
    });
  });

  describe('end to end', () => {
    it('map, filter and flatMap in their lambda and object forms', async () => {
      const env = local();
      const words = await env
        .fromElements('to be', 'or not', 'to be')
        .flatMap((line) => line.split(' '))
        .filter({ filter: (w) => w !== 'or' })
        .map({ map: (w: string) => w.toUpperCase() })
        .flatMap({
          flatMap(w: string, out: Collector<string>) {
            out.collect(w);
          },
        })
        .flatMap(function* (w) {
          yield `${w}!`;
        })
        .executeAndCollect();
      expect(words.sort()).toEqual(['BE!', 'BE!', 'NOT!', 'TO!', 'TO!']);
    });

    it('process with a side output, and a class with open()', async () => {
      class Split extends ProcessFunction<number, number> {
        static readonly odd = new OutputTag<string>('odd');
        private factor = 0;
        override open() {
          this.factor = 10;
        }
        processElement(x: number, ctx: ProcessFunction.Context, out: Collector<number>) {
          if (x % 2 === 0) out.collect(x * this.factor);
          else ctx.output(Split.odd, `odd ${x}`);
        }
      }
      const env = local(1);
      const split = env.fromElements(1, 2, 3, 4).process(new Split());
      const odd = split.getSideOutput(Split.odd);
      const collect = new CollectSink<number>();
      split.sinkTo(collect);
      expect(await odd.executeAndCollect()).toEqual(['odd 1', 'odd 3']);
      expect(collect.values).toEqual([20, 40]);
    });

    it('union and the partitionings keep every element', async () => {
      const env = local(3);
      const a = env.fromElements(1, 2, 3);
      const b = env.fromSequence(10, 12);
      const all = await a
        .rebalance()
        .map((x) => x)
        .union(
          b.shuffle(),
          b.rescale(),
          b.global(),
          b.forward().map((x) => -x),
        )
        .executeAndCollect();
      expect(sorted(all)).toEqual([-12, -11, -10, 1, 2, 3, 10, 10, 10, 11, 11, 11, 12, 12, 12]);
    });

    it('broadcast() sends every element to every subtask', async () => {
      const env = local(3);
      const seen = await env
        .fromElements('x')
        .broadcast()
        .process((x, _ctx, out: Collector<string>) => out.collect(x))
        .executeAndCollect();
      expect(seen).toEqual(['x', 'x', 'x']);
    });

    it('event time from assignTimestampsAndWatermarks reaches the functions', async () => {
      const env = local(1);
      const times = await env
        .fromElements({ id: 'a', ts: 5 }, { id: 'b', ts: 7 })
        .assignTimestampsAndWatermarks(
          WatermarkStrategy.forMonotonousTimestamps<{ id: string; ts: number }>().withTimestampAssigner((e) => e.ts),
        )
        .process((e, ctx, out: Collector<string>) => out.collect(`${e.id}@${ctx.timestamp()}`))
        .executeAndCollect();
      expect(times).toEqual(['a@5', 'b@7']);
    });
  });
});
