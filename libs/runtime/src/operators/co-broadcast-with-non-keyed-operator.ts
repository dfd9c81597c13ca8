import type { BroadcastProcessFunction, Collector, MapStateDescriptor, OperatorSpec, RichFunction } from '@weir/core';
import { BroadcastContext, ReadOnlyBroadcastContext } from './broadcast-context';
import { BroadcastStates } from './broadcast-state';
import type { OperatorState } from './operator-state';
import type { TimerFunction } from './element-context';
import { StreamOperator } from './stream-operator';
import { TimestampedCollector } from './timestamped-collector';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type BroadcastSpec = Extract<OperatorSpec, { kind: 'broadcastProcess' }>;

/** What BroadcastProcessFunction and KeyedBroadcastProcessFunction share, as the operator calls them. */
export interface BroadcastElementFunction extends RichFunction {
  processElement(value: unknown, ctx: ReadOnlyBroadcastContext, out: Collector<unknown>): void;
  processBroadcastElement(value: unknown, ctx: BroadcastContext, out: Collector<unknown>): void;
}

/**
 * The broadcast state pattern on a non-keyed stream (Flink's CoBroadcastWithNonKeyedOperator):
 * input 0 is the element side, which reads the broadcast state; input 1 is the broadcast side, which
 * writes it. CoBroadcastWithKeyedOperator adds keys, keyed state and timers on the element side.
 */
export class CoBroadcastWithNonKeyedOperator extends StreamOperator {
  private readonly fn: BroadcastElementFunction;
  private readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[];
  private collector!: TimestampedCollector<unknown>;
  private readOnlyContext!: ReadOnlyBroadcastContext;
  private broadcastContext!: BroadcastContext;
  private states!: BroadcastStates;
  private restored: Readonly<Record<string, unknown>> | undefined;

  /** `timerFunction` is given by the keyed variant: its timers fire into that function's `onTimer`. */
  constructor(
    spec: BroadcastSpec,
    private readonly timerFunction?: TimerFunction,
  ) {
    super();
    this.fn = spec.fn as BroadcastProcessFunction<unknown, unknown, unknown>;
    this.descriptors = spec.descriptors;
  }

  override initializeState(restored: OperatorState): void {
    this.restored = restored.broadcast;
  }

  override open(): void {
    const states = new BroadcastStates(this.descriptors, this.ctx.operatorName);
    if (this.restored !== undefined) states.restore(this.restored);
    this.restored = undefined;
    this.states = states;
    this.collector = new TimestampedCollector(this.output);
    const options = {
      operator: this.ctx,
      output: this.output,
      collector: this.collector,
      currentWatermark: () => this.currentWatermark,
    };
    this.readOnlyContext = new ReadOnlyBroadcastContext({ ...options, timerFunction: this.timerFunction }, states);
    this.broadcastContext = new BroadcastContext(options, states);
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number, input: number): void {
    if (input === 0) {
      this.readOnlyContext.setTimestamp(timestamp);
      this.fn.processElement(value, this.readOnlyContext, this.collector);
    } else {
      this.broadcastContext.setTimestamp(timestamp);
      this.fn.processBroadcastElement(value, this.broadcastContext, this.collector);
    }
  }

  override snapshotState(): OperatorState {
    return { broadcast: this.states.snapshot() };
  }

  override close(): void {
    closeUserFunction(this.fn);
  }
}
