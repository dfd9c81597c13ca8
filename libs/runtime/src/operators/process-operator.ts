import type { Collector, OperatorSpec, RichFunction } from '@weir/core';
import { ElementContext, type TimerFunction } from './element-context';
import { StreamOperator } from './stream-operator';
import { TimestampedCollector } from './timestamped-collector';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

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
export class ProcessOperator extends StreamOperator {
  private readonly fn: ProcessElementFunction;
  private context!: ElementContext;
  private collector!: TimestampedCollector<unknown>;

  /** `timerFunction` is given by the keyed variant: its timers fire into that function's `onTimer`. */
  constructor(
    spec: ProcessSpec | { readonly fn: ProcessElementFunction },
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

  processElement(value: unknown, timestamp: number): void {
    this.context.setTimestamp(timestamp);
    this.fn.processElement(value, this.context, this.collector);
  }

  override close(): void {
    closeUserFunction(this.fn);
  }
}
