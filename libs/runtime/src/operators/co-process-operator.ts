import type { Collector, OperatorSpec, RichFunction } from '@weir/core';
import { ElementContext, type TimerFunction } from './element-context';
import { StreamOperator } from './stream-operator';
import { TimestampedCollector } from './timestamped-collector';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type CoProcessSpec = Extract<OperatorSpec, { kind: 'coProcess' }>;

/** What CoProcessFunction and KeyedCoProcessFunction share, as the operator calls them. */
export interface CoProcessElementFunction extends RichFunction {
  processElement1(value: unknown, ctx: ElementContext, out: Collector<unknown>): void;
  processElement2(value: unknown, ctx: ElementContext, out: Collector<unknown>): void;
}

/**
 * `connect(...).process(CoProcessFunction)` on non-keyed streams (Flink's CoProcessOperator):
 * `processElement1` for input 0, `processElement2` for input 1. Its watermark is the smaller of the two
 * inputs' (StreamOperator). KeyedCoProcessOperator adds keys, keyed state and timers.
 */
export class CoProcessOperator extends StreamOperator {
  private readonly fn: CoProcessElementFunction;
  private context!: ElementContext;
  private collector!: TimestampedCollector<unknown>;

  /** `timerFunction` is given by the keyed variant: its timers fire into that function's `onTimer`. */
  constructor(
    spec: CoProcessSpec | { readonly fn: CoProcessElementFunction },
    private readonly timerFunction?: TimerFunction,
  ) {
    super();
    this.fn = spec.fn;
  }

  override open(): void {
    this.collector = new TimestampedCollector(this.output);
    this.context = new ElementContext({
      operator: this.ctx,
      output: this.output,
      collector: this.collector,
      currentWatermark: () => this.currentWatermark,
      timerFunction: this.timerFunction,
    });
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number, input: number): void {
    this.context.setTimestamp(timestamp);
    if (input === 0) this.fn.processElement1(value, this.context, this.collector);
    else this.fn.processElement2(value, this.context, this.collector);
  }

  override close(): void {
    closeUserFunction(this.fn);
  }
}
