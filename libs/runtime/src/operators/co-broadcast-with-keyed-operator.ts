import type { AnyKeySelector, KeyedBroadcastProcessFunction, OperatorSpec } from '@weir/core';
import type { Key } from '@weir/common';
import { CoBroadcastWithNonKeyedOperator } from './co-broadcast-with-non-keyed-operator';
import { KeySelection } from './keyed-context';

type KeyedBroadcastSpec = Extract<OperatorSpec, { kind: 'broadcastProcess' }> & { keySelector: AnyKeySelector };

/**
 * The broadcast state pattern on a keyed stream (Flink's CoBroadcastWithKeyedOperator): the element
 * side (input 0) is keyed, with keyed state and timers firing into `onTimer`; the broadcast side
 * (input 1) has no current key but can visit every key's state with `applyToKeyedState`.
 */
export class CoBroadcastWithKeyedOperator extends CoBroadcastWithNonKeyedOperator {
  private keys!: KeySelection;

  constructor(private readonly spec: KeyedBroadcastSpec) {
    super(spec, spec.fn as KeyedBroadcastProcessFunction<Key, unknown, unknown, unknown>);
  }

  override open(): void {
    this.keys = new KeySelection(this.ctx, this.spec.keySelector);
    super.open();
  }

  override processElement(value: unknown, timestamp: number, input: number): void {
    if (input === 0) this.keys.setCurrentKey(value);
    super.processElement(value, timestamp, input);
  }
}
