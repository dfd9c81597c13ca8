import type { RichFunction } from '@weir/core';
import { ElementContext, type TimerFunction } from './element-context';
import { StreamOperator } from './stream-operator';
import { TimestampedCollector } from './timestamped-collector';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

/**
 * What the process-style operators share: one user function, called with one reused context (the
 * record's timestamp, side outputs, clocks and, when keyed, timers) and one collector that stamps
 * results with that timestamp. Subclasses only decide which of the function's methods a record calls.
 */
export abstract class FunctionContextOperator<F extends RichFunction> extends StreamOperator {
  protected context!: ElementContext;
  protected collector!: TimestampedCollector<unknown>;

  /** `timerFunction` is given by keyed variants: their timers fire into that function's `onTimer`. */
  protected constructor(
    protected readonly fn: F,
    private readonly timerFunction?: TimerFunction,
  ) {
    super();
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

  override close(): void {
    closeUserFunction(this.fn);
  }
}
