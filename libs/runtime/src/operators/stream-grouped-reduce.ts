import { ValueStateDescriptor, type OperatorSpec, type ReduceFunction, type ValueState } from '@weir/core';
import { VOID_NAMESPACE, type KeyedStateBackend } from '@weir/state';
import { MAX_WATERMARK, NO_TIMESTAMP } from '../time-constants';
import { keyedStateBackendOf, KeySelection } from './keyed-context';
import { StreamOperator } from './stream-operator';
import { closeUserFunction, openUserFunction } from './user-function-lifecycle';

type KeyedReduceSpec = Extract<OperatorSpec, { kind: 'keyedReduce' }>;

/** The running value per key; Flink's name, so the state reads the same in both. */
const STATE = new ValueStateDescriptor<unknown>('_op_state');
/** Batch mode: the latest timestamp of the records folded into a key's value, the final value's timestamp. */
const TIMESTAMP = new ValueStateDescriptor<number>('_op_timestamp');

/**
 * `keyBy(...).reduce(fn)` (Flink's StreamGroupedReduce): a running reduce per key, emitting each new
 * running value with the timestamp of the record that produced it. Also behind `sum`, `min`, `max`.
 *
 * In batch mode (Flink's BatchGroupedReduceOperator) it emits only each key's final value, at the end
 * of input, with the latest timestamp among the key's records. It holds back watermarks until then:
 * a watermark sent before the final values would make them late for an event-time window downstream.
 */
export class StreamGroupedReduce extends StreamOperator {
  private readonly fn: ReduceFunction<unknown>;
  private keys!: KeySelection;
  private state!: ValueState<unknown>;
  private batch = false;
  private backend!: KeyedStateBackend;
  private timestamps!: ValueState<number>;

  constructor(private readonly spec: KeyedReduceSpec) {
    super();
    this.fn = spec.fn;
  }

  override open(): void {
    this.keys = new KeySelection(this.ctx, this.spec.keySelector);
    this.backend = keyedStateBackendOf(this.ctx);
    this.state = this.backend.getValueState(STATE);
    this.batch = this.ctx.config.runtimeMode === 'batch';
    if (this.batch) this.timestamps = this.backend.getValueState(TIMESTAMP);
    openUserFunction(this.fn, this.ctx);
  }

  processElement(value: unknown, timestamp: number): void {
    this.keys.setCurrentKey(value);
    const current = this.state.value();
    const next = current === undefined ? value : this.fn.reduce(current, value);
    this.state.update(next);
    if (!this.batch) {
      this.output.collect(next, timestamp);
    } else if (timestamp !== NO_TIMESTAMP) {
      const latest = this.timestamps.value();
      if (latest === undefined || timestamp > latest) this.timestamps.update(timestamp);
    }
  }

  protected override onWatermark(watermark: number): void {
    if (!this.batch) return super.onWatermark(watermark);
    if (watermark !== MAX_WATERMARK) return;
    this.emitFinalValues();
    super.onWatermark(watermark);
  }

  override finish(): void {
    if (this.batch) this.emitFinalValues();
  }

  override close(): void {
    closeUserFunction(this.fn);
  }

  /** Emits and clears every key's value, so a second call (finish after the final watermark) emits nothing. */
  private emitFinalValues(): void {
    const keys = this.backend.getKeys(STATE.name, VOID_NAMESPACE);
    for (let i = 0; i < keys.length; i++) {
      this.backend.setCurrentKey(keys[i]);
      const value = this.state.value();
      const timestamp = this.timestamps.value() ?? NO_TIMESTAMP;
      this.state.clear();
      this.timestamps.clear();
      this.output.collect(value, timestamp);
    }
  }
}
