import type { Key } from '@weir/common';
import type {
  AggregateFunction,
  BroadcastProcessFunction,
  CoFlatMapFunction,
  CoMapFunction,
  CoProcessFunction,
  FilterFunction,
  FlatMapFunction,
  KeyedBroadcastProcessFunction,
  KeyedCoProcessFunction,
  KeyedProcessFunction,
  MapFunction,
  ProcessFunction,
  ProcessJoinFunction,
  ReduceFunction,
} from '../functions/functions';
import type { Sink } from '../sink/sink';
import type { Source, SourceSplit } from '../source/source';
import type { MapStateDescriptor } from '../state/state-descriptor';
import type { WatermarkStrategy } from '../watermark/watermark-strategy';
import type { Evictor } from '../windowing/evictor';
import type { Trigger } from '../windowing/trigger';
import type { WindowAssigner } from '../windowing/window-assigner';
import type { ProcessWindowFunction } from '../windowing/window-function';
import type { Window } from '../windowing/window';
import type { ExecutionConfig } from './execution-config';

/*
 * The StreamGraph: what a job's build function declares, one node per transformation (DESIGN.md §2).
 * It is built the same way on the client and on every TaskManager, so node ids and uids match
 * everywhere; the runtime turns it into a JobGraph by chaining. Types here are erased to `unknown`:
 * the typed surface is the DataStream API, which guarantees the pieces fit.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKeySelector = (value: any) => Key;

export type PartitionerSpec =
  | { kind: 'forward' }
  | { kind: 'rebalance' }
  | { kind: 'rescale' }
  | { kind: 'shuffle' }
  | { kind: 'broadcast' }
  | { kind: 'global' }
  | { kind: 'hash'; keySelector: AnyKeySelector };

/** The incremental part of a window function: how a window's contents fold, one element at a time. */
export type WindowFold =
  | { kind: 'reduce'; reduce: ReduceFunction<unknown> }
  | { kind: 'aggregate'; aggregate: AggregateFunction<unknown, unknown, unknown> };

export type WindowFunctionSpec =
  | (WindowFold & { process?: ProcessWindowFunction<unknown, unknown, Key, Window> })
  | { kind: 'process'; process: ProcessWindowFunction<unknown, unknown, Key, Window> };

export type OperatorSpec =
  | { kind: 'source'; source: Source<unknown, SourceSplit, unknown>; watermarkStrategy: WatermarkStrategy<unknown> }
  | { kind: 'map'; fn: MapFunction<unknown, unknown> }
  | { kind: 'filter'; fn: FilterFunction<unknown> }
  | { kind: 'flatMap'; fn: FlatMapFunction<unknown, unknown> }
  | { kind: 'process'; fn: ProcessFunction<unknown, unknown> }
  | { kind: 'keyedProcess'; fn: KeyedProcessFunction<Key, unknown, unknown>; keySelector: AnyKeySelector }
  | { kind: 'keyedReduce'; fn: ReduceFunction<unknown>; keySelector: AnyKeySelector }
  /**
   * A combiner: folds records per key with the keyed reduce's function before the shuffle and emits
   * partial results. Never declared by a user; the runtime inserts it into batch-mode plans.
   */
  | { kind: 'localReduce'; fn: ReduceFunction<unknown>; keySelector: AnyKeySelector }
  | { kind: 'timestampsAndWatermarks'; watermarkStrategy: WatermarkStrategy<unknown> }
  | {
      kind: 'window';
      /** Undefined for windowAll: one window operator over the whole (parallelism 1) stream. */
      keySelector: AnyKeySelector | undefined;
      assigner: WindowAssigner<unknown, Window>;
      trigger: Trigger<unknown, Window>;
      evictor: Evictor<unknown, Window> | undefined;
      allowedLatenessMs: number;
      lateDataTag: string | undefined;
      windowFunction: WindowFunctionSpec;
      /**
       * Set by the runtime when a pre-aggregation feeds the window: each input record is a
       * WindowPartial, one key's folded contents of one window, merged into the window's contents.
       */
      mergesPartials?: true;
    }
  /**
   * A window pre-aggregation (local-global aggregation): folds records per key and window before the
   * shuffle and emits partial contents when the watermark passes the window. Never declared by a
   * user; the runtime inserts it in front of windows it can merge partials into.
   */
  | {
      kind: 'windowPreAggregate';
      keySelector: AnyKeySelector;
      assigner: WindowAssigner<unknown, Window>;
      fold: WindowFold;
    }
  | { kind: 'coMap'; fn: CoMapFunction<unknown, unknown, unknown> }
  | { kind: 'coFlatMap'; fn: CoFlatMapFunction<unknown, unknown, unknown> }
  | { kind: 'coProcess'; fn: CoProcessFunction<unknown, unknown, unknown> }
  | {
      kind: 'keyedCoProcess';
      fn: KeyedCoProcessFunction<Key, unknown, unknown, unknown>;
      keySelector1: AnyKeySelector;
      keySelector2: AnyKeySelector;
    }
  | {
      kind: 'broadcastProcess';
      fn:
        | BroadcastProcessFunction<unknown, unknown, unknown>
        | KeyedBroadcastProcessFunction<Key, unknown, unknown, unknown>;
      /** Set when the non-broadcast side is keyed. */
      keySelector: AnyKeySelector | undefined;
      descriptors: MapStateDescriptor<unknown, unknown>[];
    }
  | {
      kind: 'intervalJoin';
      fn: ProcessJoinFunction<unknown, unknown, unknown>;
      keySelector1: AnyKeySelector;
      keySelector2: AnyKeySelector;
      lowerBoundMs: number;
      upperBoundMs: number;
      lowerBoundInclusive: boolean;
      upperBoundInclusive: boolean;
    }
  | { kind: 'sink'; sink: Sink<unknown> };

export type OperatorKind = OperatorSpec['kind'];

/** 'always': chain with the predecessor when possible; 'head': start a new chain; 'never': chain with nothing. */
export type ChainingStrategy = 'always' | 'head' | 'never';

export interface StreamNode {
  readonly id: number;
  uid: string;
  /** True when the user set the uid; generated uids are only stable while the job's shape is. */
  uidSetByUser: boolean;
  name: string;
  readonly operator: OperatorSpec;
  /** Undefined until the user sets it; the job's default parallelism applies. */
  parallelism: number | undefined;
  maxParallelism: number | undefined;
  chainingStrategy: ChainingStrategy;
  /** Where in the user's code the node was declared (file:line), for error messages. */
  readonly declaredAt: string | undefined;
}

export interface StreamEdge {
  readonly sourceId: number;
  readonly targetId: number;
  readonly partitioner: PartitionerSpec;
  /** Which input of a two-input operator (0 or 1); always 0 for one-input operators. */
  readonly inputIndex: 0 | 1;
  /** Set when the edge carries a side output of the source node instead of its main output. */
  readonly sideOutputTag: string | undefined;
  /** False when the partitioner is the default (forward if possible, else rebalance). */
  readonly partitionerSetByUser: boolean;
}

/** The declared dataflow of one job. */
export class StreamGraph {
  readonly nodes = new Map<number, StreamNode>();
  readonly edges: StreamEdge[] = [];
  private nextId = 1;

  constructor(
    public jobName: string,
    readonly config: ExecutionConfig,
    /** The `--name value` arguments the job was started with. */
    readonly jobParameters: Readonly<Record<string, string>>,
  ) {}

  addNode(operator: OperatorSpec, name: string, declaredAt: string | undefined): StreamNode {
    const id = this.nextId++;
    const node: StreamNode = {
      id,
      uid: `${operator.kind}-${id}`,
      uidSetByUser: false,
      name,
      operator,
      parallelism: undefined,
      maxParallelism: undefined,
      chainingStrategy: 'always',
      declaredAt,
    };
    this.nodes.set(id, node);
    return node;
  }

  /**
   * A copy with the same nodes (shared, not cloned), the same edges and `config`: what a plan rewrite
   * starts from, so nodes it adds get fresh ids and the declared graph stays as the user built it.
   */
  copy(config: ExecutionConfig = this.config): StreamGraph {
    const copy = new StreamGraph(this.jobName, config, this.jobParameters);
    for (const [id, node] of this.nodes) copy.nodes.set(id, node);
    copy.edges.push(...this.edges);
    copy.nextId = this.nextId;
    return copy;
  }

  addEdge(edge: StreamEdge): void {
    this.edges.push(edge);
  }

  node(id: number): StreamNode {
    const node = this.nodes.get(id);
    if (!node) throw new RangeError(`No node ${id} in the stream graph of '${this.jobName}'.`);
    return node;
  }

  inEdges(id: number): StreamEdge[] {
    return this.edges.filter((e) => e.targetId === id);
  }

  outEdges(id: number): StreamEdge[] {
    return this.edges.filter((e) => e.sourceId === id);
  }

  /** The parallelism a node runs at: its own, the source's fixed one, or the job's default. */
  parallelismOf(node: StreamNode): number {
    if (node.parallelism !== undefined) return node.parallelism;
    if (node.operator.kind === 'source' && node.operator.source.fixedParallelism !== undefined) {
      return node.operator.source.fixedParallelism;
    }
    if (node.operator.kind === 'window' && node.operator.keySelector === undefined) return 1;
    return this.config.parallelism;
  }

  maxParallelismOf(node: StreamNode): number {
    return node.maxParallelism ?? this.config.maxParallelism;
  }
}
