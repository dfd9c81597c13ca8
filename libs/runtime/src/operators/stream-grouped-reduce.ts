import { ValueStateDescriptor, type OperatorSpec, type ReduceFunction, type ValueState } from '@weir/core';
import { keyedStateBackendOf, KeySelection } from './keyed-context';
import { StreamOperator } from './stream-operator';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type KeyedReduceSpec = Extract<OperatorSpec, { kind: 'keyedReduce' }>;

/** The running value per key; Flink's name, so the state reads the same in both. */
const STATE = new ValueStateDescriptor<unknown>('_op_state');

/**
 * `keyBy(...).reduce(fn)` (Flink's StreamGroupedReduce): a running reduce per key, emitting each new
 * running value with the timestamp of the record that produced it. Also behind `sum`, `min`, `max`.
 */
export class StreamGroupedReduce extends StreamOperator {
  private readonly fn: ReduceFunction<unknown>;
  private keys!: KeySelection;
  private state!: ValueState<unknown>;

  constructor(private readonly spec: KeyedReduceSpec) {
    super();
    this.fn = spec.fn;
  }

  override open(): void {
    this.keys = new KeySelection(this.ctx, this.spec.keySelector);
    this.state = keyedStateBackendOf(this.ctx).getValueState(STATE);
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number): void {
    this.keys.setCurrentKey(value);
    const current = this.state.value();
    const next = current === undefined ? value : this.fn.reduce(current, value);
    this.state.update(next);
    this.output.collect(next, timestamp);
  }

  override close(): void {
    closeUserFunction(this.fn);
  }
}
