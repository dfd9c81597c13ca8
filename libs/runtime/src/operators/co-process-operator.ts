import type { Collector, OperatorSpec, RichFunction } from '@weir/core';
import type { ElementContext, TimerFunction } from './element-context';
import { FunctionContextOperator } from './function-context-operator';

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
export class CoProcessOperator extends FunctionContextOperator<CoProcessElementFunction> {
  constructor(spec: CoProcessSpec | { readonly fn: CoProcessElementFunction }, timerFunction?: TimerFunction) {
    super(spec.fn, timerFunction);
  }

  processElement(value: unknown, timestamp: number, input: number): void {
    this.context.setTimestamp(timestamp);
    if (input === 0) this.fn.processElement1(value, this.context, this.collector);
    else this.fn.processElement2(value, this.context, this.collector);
  }
}
