import { computeKeyGroupRangeForOperatorIndex } from '@weir/common';
import type { OperatorSpec, StreamNode } from '@weir/core';
import { HeapKeyedStateBackend, HeapTimeServiceManager, type ProcessingTimeService } from '@weir/state';
import { KeyedStateWriter } from '../checkpoint/keyed-state-writer';
import { restoreKeyedState, decodeOperatorState, encodeOperatorState } from '../checkpoint/operator-snapshot-codec';
import type { OperatorStateSnapshot, TaskRestore } from '../checkpoint/operator-snapshot';
import { SnapshotArena } from '../checkpoint/snapshot-arena';
import type { JobGraph, JobVertex } from '../graph/job-graph';
import type { RecordWriter } from '../network/record-writer';
import type { RecordTarget } from '../network/record-target';
import { createOperator } from '../operators/operator-factory';
import type { OperatorContext } from '../operators/operator-context';
import type { OperatorState } from '../operators/operator-state';
import type { Output } from '../operators/output';
import type { StreamOperator } from '../operators/stream-operator';
import { AsyncSnapshot, type SnapshotOperator } from './async-snapshot';
import type { ChannelStateRecorder } from './channel-state-recorder';
import { specForSubtask } from './subtask-copy';
import { attributeError } from './user-error';

/** What the chain needs from its task. */
export interface ChainContext {
  readonly jobGraph: JobGraph;
  readonly vertex: JobVertex;
  readonly subtaskIndex: number;
  readonly attemptNumber: number;
  readonly jobId: string;
  readonly processingTimeService: ProcessingTimeService;
  /** The record writer of each network edge leaving this vertex, by the edge's index in the job graph. */
  readonly writers: ReadonlyMap<number, RecordWriter>;
  /** The state to start from, by operator uid; undefined for a fresh start. */
  readonly restore: TaskRestore | undefined;
  sendToClient(nodeId: number, values: unknown[]): void;
}

/** The keyed state backend and timers of a keyed operator, which the chain snapshots for it. */
interface KeyedParts {
  readonly backend: HeapKeyedStateBackend;
  readonly timers: HeapTimeServiceManager;
}

/**
 * The operators of one subtask's chain, wired together: inside the chain an operator's output is a
 * direct call into the next one (DESIGN.md §2); at the chain's edge it is a RecordWriter.
 */
export class OperatorChain {
  /** In chain order: every operator after the one that feeds it. */
  readonly operators: StreamOperator[] = [];
  readonly nodes: readonly StreamNode[];
  private readonly vertex: JobVertex;
  /** By position in the chain; undefined for operators that are not keyed. */
  private readonly keyed: (KeyedParts | undefined)[] = [];
  /** Reused by its snapshots' keyed state writers: usually one, more while snapshots overlap. */
  private readonly arenas: SnapshotArena[] = [];

  constructor(ctx: ChainContext) {
    this.vertex = ctx.vertex;
    this.nodes = ctx.vertex.nodes;
    const byNode = new Map<number, StreamOperator>();
    for (const node of this.nodes) {
      const operator = createOperator(specForSubtask(node.operator));
      byNode.set(node.id, operator);
      this.operators.push(operator);
    }
    this.nodes.forEach((node, i) => {
      const operator = byNode.get(node.id)!;
      const keyed = isKeyed(node.operator) ? keyedParts(ctx, node) : undefined;
      this.keyed.push(keyed);
      operator.setup(operatorContext(ctx, node, keyed), outputOf(ctx, node, byNode), numberOfInputs(node.operator));
      const restored = ctx.restore?.operators[node.uid];
      if (restored === undefined) return;
      try {
        if (restored.keyed !== undefined && keyed !== undefined) {
          restoreKeyedState(restored.keyed, keyed.backend, keyed.timers);
        }
        operator.initializeState(decodeOperatorState(restored));
      } catch (error) {
        throw attributeError(error, this.nodes[i].name);
      }
    });
  }

  get head(): StreamOperator {
    return this.operators[0];
  }

  get headName(): string {
    return this.nodes[0].name;
  }

  /** The input index at which a non-head operator is fed by its predecessor in the chain. */
  private chainedInputIndex(position: number): number {
    const id = this.nodes[position].id;
    return this.vertex.chainedEdges.find((e) => e.targetId === id)!.inputIndex;
  }

  /** Opens the tail first, so every operator's downstream is ready before it emits. */
  async open(): Promise<void> {
    for (let i = this.operators.length - 1; i >= 0; i--) {
      try {
        await this.operators[i].open();
      } catch (error) {
        throw attributeError(error, this.nodes[i].name);
      }
    }
  }

  /** In chain order, so what an operator emits before the barrier passes through the rest of the chain. */
  prepareSnapshotPreBarrier(checkpointId: number): void {
    for (let i = 0; i < this.operators.length; i++) {
      try {
        this.operators[i].prepareSnapshotPreBarrier(checkpointId);
      } catch (error) {
        throw attributeError(error, this.nodes[i].name);
      }
    }
  }

  /**
   * Takes the chain's snapshot at a barrier: a copy-on-write view of each keyed operator's state
   * and its timers, and each operator's own state, before this returns, so processing may go on at
   * once. The AsyncSnapshot encodes the views later; its `operatorsTaken` settles when operators
   * that snapshot asynchronously (sinks pre-committing) are done. `finished` marks the subtask's
   * final snapshot, taken after its end of input.
   */
  snapshotState(checkpointId: number, channels?: ChannelStateRecorder, finished = false): AsyncSnapshot {
    const operators: SnapshotOperator[] = [];
    const states: Promise<OperatorStateSnapshot | undefined>[] = [];
    const arena = SnapshotArena.acquire(this.arenas);
    for (let i = 0; i < this.operators.length; i++) {
      const name = this.nodes[i].name;
      const parts = this.keyed[i];
      try {
        const keyed = parts && new KeyedStateWriter(parts.backend, parts.timers, arena);
        operators.push({ uid: this.nodes[i].uid, keyed });
        const state = this.operators[i].snapshotState(checkpointId);
        const encode = (s: OperatorState | undefined) => (s === undefined ? undefined : encodeOperatorState(s));
        states.push(
          state instanceof Promise
            ? state.then(encode, (error: unknown) => Promise.reject(attributeError(error, name)))
            : Promise.resolve(encode(state)),
        );
      } catch (error) {
        for (const { keyed } of operators) keyed?.close();
        arena.release();
        throw attributeError(error, name);
      }
    }
    return new AsyncSnapshot(checkpointId, operators, Promise.all(states), channels, arena, finished);
  }

  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    for (let i = 0; i < this.operators.length; i++) {
      try {
        await this.operators[i].notifyCheckpointComplete(checkpointId);
      } catch (error) {
        throw attributeError(error, this.nodes[i].name);
      }
    }
  }

  /** Ends input and finishes each operator in chain order, so what one emits on finish reaches the next. */
  async finish(): Promise<void> {
    for (let i = 0; i < this.operators.length; i++) {
      try {
        if (i > 0) this.operators[i].endInput(this.chainedInputIndex(i));
        await this.operators[i].finish();
      } catch (error) {
        throw attributeError(error, this.nodes[i].name);
      }
    }
  }

  /** Closes every operator even if some fail; returns the first failure. */
  async close(): Promise<unknown> {
    let failure: unknown;
    for (let i = 0; i < this.operators.length; i++) {
      try {
        await this.operators[i].close();
      } catch (error) {
        failure ??= attributeError(error, this.nodes[i].name);
      }
    }
    return failure;
  }
}

function numberOfInputs(spec: OperatorSpec): number {
  switch (spec.kind) {
    case 'coMap':
    case 'coFlatMap':
    case 'coProcess':
    case 'keyedCoProcess':
    case 'broadcastProcess':
    case 'intervalJoin':
      return 2;
    case 'source':
      return 0;
    default:
      return 1;
  }
}

function isKeyed(spec: OperatorSpec): boolean {
  switch (spec.kind) {
    case 'keyedProcess':
    case 'keyedReduce':
    case 'window':
    case 'keyedCoProcess':
    case 'intervalJoin':
      return true;
    case 'broadcastProcess':
      return spec.keySelector !== undefined;
    default:
      return false;
  }
}

function keyedParts(ctx: ChainContext, node: StreamNode): KeyedParts {
  const { vertex, subtaskIndex } = ctx;
  const backend = new HeapKeyedStateBackend({
    keyGroupRange: computeKeyGroupRangeForOperatorIndex(vertex.maxParallelism, vertex.parallelism, subtaskIndex),
    maxParallelism: vertex.maxParallelism,
    clock: () => ctx.processingTimeService.getCurrentProcessingTime(),
    owner: `operator '${node.name}'`,
  });
  const timers = new HeapTimeServiceManager({ backend, processingTimeService: ctx.processingTimeService });
  return { backend, timers };
}

function operatorContext(ctx: ChainContext, node: StreamNode, keyed: KeyedParts | undefined): OperatorContext {
  const { vertex, subtaskIndex } = ctx;
  return {
    operatorName: node.name,
    uid: node.uid,
    subtaskIndex,
    parallelism: vertex.parallelism,
    maxParallelism: vertex.maxParallelism,
    attemptNumber: ctx.attemptNumber,
    jobId: ctx.jobId,
    config: ctx.jobGraph.config,
    jobParameters: ctx.jobGraph.jobParameters,
    keyedStateBackend: keyed?.backend,
    timeServiceManager: keyed?.timers,
    processingTimeService: ctx.processingTimeService,
    sendToClient: (values) => ctx.sendToClient(node.id, values),
  };
}

/** The output of `node`: its main output and each side output, to chained operators and writers. */
function outputOf(ctx: ChainContext, node: StreamNode, byNode: Map<number, StreamOperator>): Output<unknown> {
  const targets = new Map<string | undefined, RecordTarget[]>();
  const add = (tag: string | undefined, target: RecordTarget): void => {
    const list = targets.get(tag) ?? [];
    list.push(target);
    targets.set(tag, list);
  };
  for (const edge of ctx.vertex.chainedEdges) {
    if (edge.sourceId !== node.id) continue;
    const target = ctx.vertex.nodes.find((n) => n.id === edge.targetId)!;
    add(edge.sideOutputTag, new ChainedTarget(byNode.get(target.id)!, edge.inputIndex, target.name));
  }
  ctx.jobGraph.edges.forEach((edge, index) => {
    if (edge.sourceNode === node.id) add(edge.sideOutputTag, ctx.writers.get(index)!);
  });
  const main = combine(targets.get(undefined) ?? []);
  const sides = new Map<string, RecordTarget>();
  for (const [tag, list] of targets) if (tag !== undefined) sides.set(tag, combine(list));
  return new RoutingOutput(main, sides);
}

/** An operator's output: the main stream to `main`; side outputs by tag; watermarks to all of them. */
class RoutingOutput implements Output<unknown> {
  private readonly all: RecordTarget[];

  constructor(
    private readonly main: RecordTarget,
    private readonly sides: ReadonlyMap<string, RecordTarget>,
  ) {
    this.all = [main, ...sides.values()];
  }

  collect(value: unknown, timestamp: number): void {
    this.main.collect(value, timestamp);
  }

  collectSide(tagId: string, value: unknown, timestamp: number): void {
    // A side output nobody reads is dropped, as in Flink.
    this.sides.get(tagId)?.collect(value, timestamp);
  }

  emitWatermark(watermark: number): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].emitWatermark(watermark);
  }

  emitWatermarkStatus(idle: boolean): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].emitWatermarkStatus(idle);
  }
}

/** A call into the next operator of the chain; errors from user code there get its name. */
class ChainedTarget implements RecordTarget {
  constructor(
    private readonly operator: StreamOperator,
    private readonly inputIndex: number,
    private readonly name: string,
  ) {}

  collect(value: unknown, timestamp: number): void {
    try {
      this.operator.processElement(value, timestamp, this.inputIndex);
    } catch (error) {
      throw attributeError(error, this.name);
    }
  }

  emitWatermark(watermark: number): void {
    try {
      this.operator.processWatermark(watermark, this.inputIndex);
    } catch (error) {
      throw attributeError(error, this.name);
    }
  }

  emitWatermarkStatus(idle: boolean): void {
    this.operator.processWatermarkStatus(idle, this.inputIndex);
  }
}

class FanOutTarget implements RecordTarget {
  constructor(private readonly targets: readonly RecordTarget[]) {}
  collect(value: unknown, timestamp: number): void {
    for (let i = 0; i < this.targets.length; i++) this.targets[i].collect(value, timestamp);
  }
  emitWatermark(watermark: number): void {
    for (let i = 0; i < this.targets.length; i++) this.targets[i].emitWatermark(watermark);
  }
  emitWatermarkStatus(idle: boolean): void {
    for (let i = 0; i < this.targets.length; i++) this.targets[i].emitWatermarkStatus(idle);
  }
}

const DISCARD: RecordTarget = { collect() {}, emitWatermark() {}, emitWatermarkStatus() {} };

function combine(targets: RecordTarget[]): RecordTarget {
  if (targets.length === 0) return DISCARD;
  return targets.length === 1 ? targets[0] : new FanOutTarget(targets);
}
