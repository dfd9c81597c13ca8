import type { OperatorSpec } from '@weir/core';
import { CoProcessOperator } from './co-process-operator';
import { KeySelection } from './keyed-context';

type KeyedCoProcessSpec = Extract<OperatorSpec, { kind: 'keyedCoProcess' }>;

/**
 * `connect(...).keyBy(k1, k2).process(KeyedCoProcessFunction)` (Flink's KeyedCoProcessOperator):
 * CoProcessOperator with each input's records keyed by that input's key selector, so both sides
 * share the keyed state and timers of their common key.
 */
export class KeyedCoProcessOperator extends CoProcessOperator {
  private keys1!: KeySelection;
  private keys2!: KeySelection;

  constructor(private readonly spec: KeyedCoProcessSpec) {
    super(spec, spec.fn);
  }

  override open(): void {
    this.keys1 = new KeySelection(this.ctx, this.spec.keySelector1);
    this.keys2 = new KeySelection(this.ctx, this.spec.keySelector2);
    super.open();
  }

  override processElement(value: unknown, timestamp: number, input: number): void {
    (input === 0 ? this.keys1 : this.keys2).setCurrentKey(value);
    super.processElement(value, timestamp, input);
  }
}
