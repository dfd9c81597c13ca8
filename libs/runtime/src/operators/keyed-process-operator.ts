import type { OperatorSpec } from '@weir/core';
import { KeySelection } from './keyed-context';
import { ProcessOperator } from './process-operator';

type KeyedProcessSpec = Extract<OperatorSpec, { kind: 'keyedProcess' }>;

/**
 * `keyBy(...).process(KeyedProcessFunction)` (Flink's KeyedProcessOperator): ProcessOperator with the
 * record's key set before the function runs, so keyed state and timers apply to it. Timers fire into
 * `onTimer`, event-time ones as the watermark passes them, with `ctx.timeDomain()` telling which.
 */
export class KeyedProcessOperator extends ProcessOperator {
  private keys!: KeySelection;

  constructor(private readonly spec: KeyedProcessSpec) {
    super(spec, spec.fn);
  }

  override open(): void {
    this.keys = new KeySelection(this.ctx, this.spec.keySelector);
    super.open();
  }

  override processElement(value: unknown, timestamp: number): void {
    this.keys.setCurrentKey(value);
    super.processElement(value, timestamp);
  }
}
