/**
 * DataStream<T>: a stream of T that the user transforms. Every transformation adds a node to the
 * environment's StreamGraph and returns the stream of that node's output; partitioning, keyBy,
 * union and side outputs add no node, they only change how the next operator's edges are made.
 * Types flow from the functions given, so a plain pipeline needs no type arguments.
 */
import type { Key } from '@weir/common';
import {
  CollectSink,
  PrintSink,
  type FilterLike,
  type FlatMapLike,
  type MapLike,
  type MapStateDescriptor,
  type OperatorSpec,
  type OutputTag,
  type PartitionerSpec,
  type Sink,
  type StreamGraph,
  type StreamNode,
  type WatermarkStrategy,
  type Window,
  type WindowAssigner,
} from '@weir/core';
import type { JobClient } from '@weir/runtime';
import { AllWindowedStream } from './all-windowed-stream';
import { BroadcastConnectedStream } from './broadcast-connected-stream';
import { BroadcastStream } from './broadcast-stream';
import { ConnectedStreams } from './connected-streams';
import { DataStreamSink } from './data-stream-sink';
import { declarationError } from './declaration-site';
import { JoinedStreams } from './joined-streams';
import type { KeyedStream } from './keyed-stream';
import { setNodeMaxParallelism, setNodeName, setNodeParallelism, setNodeUid } from './node-settings';
import type { StreamExecutionEnvironment } from './stream-execution-environment';
import { outputOf, partitionedAs, type StreamInput } from './stream-input';
import {
  checkKeySelector,
  checkWatermarkStrategy,
  describeValue,
  toFilterFunction,
  toFlatMapFunction,
  toMapFunction,
  toProcessFunction,
  type ProcessLike,
} from './user-functions';
import { WindowedStream } from './windowed-stream';
import { WindowSpec } from './window-spec';

export class DataStream<T> {
  /**
   * @internal Streams come from the environment's sources and from operations on streams.
   * @param inputs what the next operator reads: one entry per upstream output (several after union).
   * @param node the operator whose main output this is; undefined when the last step was keyBy,
   *   union, a partitioning or getSideOutput, which are not operators.
   */
  constructor(
    protected readonly environment: StreamExecutionEnvironment,
    readonly graph: StreamGraph,
    readonly inputs: readonly StreamInput[],
    readonly node: StreamNode | undefined,
  ) {}

  getExecutionEnvironment(): StreamExecutionEnvironment {
    return this.environment;
  }

  map<R>(fn: MapLike<T, R>): DataStream<R> {
    return this.transform<R>('map()', { kind: 'map', fn: toMapFunction(fn, 'map()') }, 'Map');
  }

  /** Keeps the elements for which `fn` is true; a type guard (`(e): e is Bid => …`) narrows the stream's type. */
  filter<S extends T>(fn: (value: T) => value is S): DataStream<S>;
  filter(fn: FilterLike<T>): DataStream<T>;
  filter(fn: FilterLike<T>): DataStream<T> {
    return this.transform<T>('filter()', { kind: 'filter', fn: toFilterFunction(fn, 'filter()') }, 'Filter');
  }

  /** `fn` returns an iterable (an array, a generator) of results, or is a FlatMapFunction with a collector. */
  flatMap<R>(fn: FlatMapLike<T, R>): DataStream<R> {
    return this.transform<R>('flatMap()', { kind: 'flatMap', fn: toFlatMapFunction(fn, 'flatMap()') }, 'Flat Map');
  }

  process<R>(fn: ProcessLike<T, R>): DataStream<R> {
    return this.transform<R>('process()', { kind: 'process', fn: toProcessFunction(fn, 'process()') }, 'Process');
  }

  /** Partitions the stream by key: every element with the same key goes to the same subtask and its keyed state. */
  keyBy<K extends Key>(keySelector: (value: T) => K): KeyedStream<T, K> {
    checkKeySelector(keySelector, 'keyBy()');
    // keyed-stream.ts extends this class, so it can only load after this module has: it is
    // required here, on first use, rather than at the top, which would make the two load orders
    // depend on which one a program happens to import first.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KeyedStream } = require('./keyed-stream') as typeof import('./keyed-stream');
    const inputs = partitionedAs(this.environment.inputsOf(this, 'keyBy()'), { kind: 'hash', keySelector });
    return new KeyedStream<T, K>(this.environment, this.graph, inputs, keySelector);
  }

  /** One stream of the elements of all of them; no order between the streams. */
  union(...others: DataStream<T>[]): DataStream<T> {
    const inputs = [...this.environment.inputsOf(this, 'union()')];
    for (const other of others) inputs.push(...this.environment.inputsOf(other, 'union()'));
    return new DataStream<T>(this.environment, this.graph, inputs, undefined);
  }

  /** Two streams, possibly of different types, processed by one operator with two inputs. */
  connect<T2>(other: BroadcastStream<T2>): BroadcastConnectedStream<T, T2>;
  connect<T2>(other: DataStream<T2>): ConnectedStreams<T, T2>;
  connect<T2>(other: DataStream<T2> | BroadcastStream<T2>): ConnectedStreams<T, T2> | BroadcastConnectedStream<T, T2> {
    if (other instanceof BroadcastStream) return new BroadcastConnectedStream(this, other);
    this.environment.inputsOf(other, 'connect()');
    return new ConnectedStreams(this, other);
  }

  /**
   * With no arguments: sends every element to every subtask of the next operator. With map state
   * descriptors: the broadcast state pattern, to `connect` to another stream.
   */
  broadcast(): DataStream<T>;
  broadcast(
    ...descriptors: [MapStateDescriptor<unknown, unknown>, ...MapStateDescriptor<unknown, unknown>[]]
  ): BroadcastStream<T>;
  broadcast(...descriptors: MapStateDescriptor<unknown, unknown>[]): DataStream<T> | BroadcastStream<T> {
    if (descriptors.length === 0) return this.partitionedAs({ kind: 'broadcast' }, 'broadcast()');
    for (const descriptor of descriptors) {
      if ((descriptor as Partial<MapStateDescriptor<unknown, unknown>> | null)?.kind !== 'map') {
        throw declarationError(
          'broadcast()',
          `broadcast state is map state: pass MapStateDescriptors, not ${describeValue(descriptor)}.`,
        );
      }
    }
    this.environment.inputsOf(this, 'broadcast()');
    return new BroadcastStream(this, descriptors);
  }

  /** A window join: `join(other).where(k1).equalTo(k2).window(assigner).apply(fn)`. */
  join<T2>(other: DataStream<T2>): JoinedStreams<T, T2> {
    this.environment.inputsOf(other, 'join()');
    return new JoinedStreams(this, other);
  }

  /** Gives the stream event time: timestamps from the strategy's assigner, and its watermarks. */
  assignTimestampsAndWatermarks(watermarkStrategy: WatermarkStrategy<T>): DataStream<T> {
    checkWatermarkStrategy(watermarkStrategy, 'assignTimestampsAndWatermarks()');
    if (watermarkStrategy.alignment !== undefined) {
      throw declarationError(
        'assignTimestampsAndWatermarks()',
        'cannot align watermarks: only a source can pause to let others catch up. ' +
          'Give withWatermarkAlignment() to the strategy of fromSource() instead.',
      );
    }
    const operator: OperatorSpec = {
      kind: 'timestampsAndWatermarks',
      watermarkStrategy: watermarkStrategy as WatermarkStrategy<unknown>,
    };
    return this.transform<T>('assignTimestampsAndWatermarks()', operator, 'Timestamps/Watermarks');
  }

  /** What this operator wrote to `tag` with `ctx.output(tag, value)` (or late data of a window). */
  getSideOutput<X>(tag: OutputTag<X>): DataStream<X> {
    const node = this.operatorNode('getSideOutput()');
    if (typeof (tag as Partial<OutputTag<X>> | null)?.id !== 'string') {
      throw declarationError('getSideOutput()', `expects an OutputTag, not ${describeValue(tag)}.`);
    }
    this.environment.inputsOf(this, 'getSideOutput()');
    return new DataStream<X>(this.environment, this.graph, [outputOf(node.id, tag.id)], undefined);
  }

  /** Round robin over all subtasks of the next operator. */
  rebalance(): DataStream<T> {
    return this.partitionedAs({ kind: 'rebalance' }, 'rebalance()');
  }

  /** Round robin over a subset of the next operator's subtasks, so that only local channels are used. */
  rescale(): DataStream<T> {
    return this.partitionedAs({ kind: 'rescale' }, 'rescale()');
  }

  /** A random subtask of the next operator for every element. */
  shuffle(): DataStream<T> {
    return this.partitionedAs({ kind: 'shuffle' }, 'shuffle()');
  }

  /** Subtask i to subtask i: the next operator must have the same parallelism. */
  forward(): DataStream<T> {
    return this.partitionedAs({ kind: 'forward' }, 'forward()');
  }

  /** Everything to the first subtask of the next operator. */
  global(): DataStream<T> {
    return this.partitionedAs({ kind: 'global' }, 'global()');
  }

  /** Windows over the whole, unkeyed stream, evaluated by one subtask (parallelism 1). */
  windowAll<W extends Window>(assigner: WindowAssigner<T, W>): AllWindowedStream<T, W> {
    const spec = WindowSpec.of(assigner, 'windowAll()');
    this.environment.inputsOf(this, 'windowAll()');
    return new AllWindowedStream(new WindowedStream<T, never, W>(this, undefined, spec));
  }

  /** Names this operator (in the plan, metrics and errors). */
  name(name: string): this {
    setNodeName(this.operatorNode('name()'), name);
    return this;
  }

  /** A stable id for this operator, by which its state is found again when a savepoint is restored. */
  uid(uid: string): this {
    setNodeUid(this.graph, this.operatorNode('uid()'), uid);
    return this;
  }

  setParallelism(parallelism: number): this {
    setNodeParallelism(this.operatorNode('setParallelism()'), parallelism);
    return this;
  }

  setMaxParallelism(maxParallelism: number): this {
    setNodeMaxParallelism(this.operatorNode('setMaxParallelism()'), maxParallelism);
    return this;
  }

  /** Runs this operator in a chain of its own, neither after its input nor before its output. */
  disableChaining(): this {
    this.operatorNode('disableChaining()').chainingStrategy = 'never';
    return this;
  }

  /** Starts a new chain at this operator (operators after it may still chain to it). */
  startNewChain(): this {
    this.operatorNode('startNewChain()').chainingStrategy = 'head';
    return this;
  }

  sinkTo(sink: Sink<T>): DataStreamSink {
    if (typeof (sink as Partial<Sink<T>> | null)?.createWriter !== 'function') {
      throw declarationError(
        'sinkTo()',
        `expects a Sink (an object with createWriter()), such as a connector's jdbcSink(...), not ${describeValue(sink)}.`,
      );
    }
    const name = sink.constructor === Object ? 'Sink' : `Sink: ${sink.constructor.name}`;
    return this.addSink('sinkTo()', sink, name);
  }

  /** Writes every element to standard output, prefixed with `prefix>` and the subtask when parallel. */
  print(prefix?: string): DataStreamSink {
    return this.addSink('print()', new PrintSink<T>(prefix), 'Sink: Print to Std. Out');
  }

  /**
   * Runs the job on the embedded runtime and returns what reached this point, in order per
   * subtask. With a limit, returns as soon as `limit` elements arrived and cancels the job; without
   * one, the job must end by itself, so every source must be bounded.
   */
  executeAndCollect(limit?: number): Promise<T[]> {
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
      throw declarationError(
        'executeAndCollect()',
        `the limit must be a whole number of at least 1, not ${String(limit)}.`,
      );
    }
    if (limit === undefined) this.checkEnds();
    const sink = new CollectSink<T>();
    this.addSink('executeAndCollect()', sink, 'Sink: Collect');
    return collect(this.environment.execute(), sink, limit);
  }

  /** @internal The key selector when the stream is keyed (a KeyedStream), else undefined. */
  keySelectorOf(): ((value: T) => Key) | undefined {
    return undefined;
  }

  /** @internal Declares a one-input operator reading this stream. */
  protected transform<R>(call: string, operator: OperatorSpec, name: string): DataStream<R> {
    return this.environment.addOperator<R>(call, operator, name, [this]);
  }

  private partitionedAs(partitioner: PartitionerSpec, call: string): DataStream<T> {
    const inputs = partitionedAs(this.environment.inputsOf(this, call), partitioner);
    return new DataStream<T>(this.environment, this.graph, inputs, undefined);
  }

  private addSink(call: string, sink: Sink<T>, name: string): DataStreamSink {
    const operator: OperatorSpec = { kind: 'sink', sink: sink as Sink<unknown> };
    const stream = this.transform<never>(call, operator, name);
    return new DataStreamSink(this.graph, stream.node as StreamNode);
  }

  private operatorNode(call: string): StreamNode {
    if (this.node === undefined) {
      throw declarationError(
        call,
        'this stream is the result of keyBy, union, a partitioning (rebalance…) or getSideOutput, which are not ' +
          'operators; call it right after the operator it is meant for, e.g. map(...).name("parse").',
      );
    }
    return this.node;
  }

  /** A job with an unbounded source never ends, so collecting all of its output would never return. */
  private checkEnds(): void {
    const unbounded = [...this.graph.nodes.values()].filter(
      (n) => n.operator.kind === 'source' && n.operator.source.boundedness === 'unbounded',
    );
    if (unbounded.length > 0) {
      throw declarationError(
        'executeAndCollect()',
        `the job reads from ${unbounded.map((n) => `'${n.name}'`).join(', ')}, which never ends, so the job would ` +
          'never finish; pass a limit, executeAndCollect(n), to stop after n elements.',
      );
    }
  }
}

/** Everything the job sent to `sink`; with a limit, the first `limit` values, cancelling the job once they arrived. */
async function collect<T>(
  execution: Promise<JobClient>,
  sink: CollectSink<T>,
  limit: number | undefined,
): Promise<T[]> {
  const client = await execution;
  if (limit === undefined) {
    await client.result();
    return sink.values;
  }
  const enough = new Promise<void>((resolve) => {
    sink.onValues = (count) => {
      if (count >= limit) resolve();
    };
  });
  const finished = client.result();
  const first = await Promise.race([enough.then(() => 'enough' as const), finished.then(() => 'finished' as const)]);
  if (first === 'enough') {
    finished.catch(() => undefined);
    await client.cancel();
  }
  return sink.values.slice(0, limit);
}
