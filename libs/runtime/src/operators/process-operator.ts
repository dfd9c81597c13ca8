import type { Collector, OperatorSpec, RichFunction } from '@weir/core';
import type { ElementContext, TimerFunction } from './element-context';
import { FunctionContextOperator } from './function-context-operator';

type ProcessSpec = Extract<OperatorSpec, { kind: 'process' }>;

/** What ProcessFunction and KeyedProcessFunction share, as the operator calls them. */
export interface ProcessElementFunction extends RichFunction {
  processElement(value: unknown, ctx: ElementContext, out: Collector<unknown>): void;
}

/**
 * `process(ProcessFunction)` on a non-keyed stream (Flink's ProcessOperator): the function gets the
 * record's timestamp, side outputs and the clocks, but no timers or keyed state. KeyedProcessOperator
 * adds those.
 */
export class ProcessOperator extends FunctionContextOperator<ProcessElementFunction> {
  constructor(spec: ProcessSpec | { readonly fn: ProcessElementFunction }, timerFunction?: TimerFunction) {
    super(spec.fn, timerFunction);
  }

  processElement(value: unknown, timestamp: number): void {
    this.context.setTimestamp(timestamp);
    this.fn.processElement(value, this.context, this.collector);
  }
}
