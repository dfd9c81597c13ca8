import type { AggregateFunction, ReduceLike } from '../functions/functions';
import { normalizeTtl, type StateTtlConfig } from './state-ttl-config';

export interface StateDescriptorOptions {
  ttl?: number | StateTtlConfig;
}

/**
 * Names a piece of state. The name is how the state is found again after a restore, so it must be
 * unique within an operator and stable across versions of the job.
 */
export abstract class StateDescriptor<K extends StateKind = StateKind> {
  abstract readonly kind: K;
  readonly ttl: Required<StateTtlConfig> | undefined;

  protected constructor(
    readonly name: string,
    options: StateDescriptorOptions | undefined,
  ) {
    if (!name) throw new TypeError('A state descriptor needs a non-empty name.');
    this.ttl = normalizeTtl(options?.ttl);
  }
}

export type StateKind = 'value' | 'list' | 'map' | 'reducing' | 'aggregating';

export class ValueStateDescriptor<T> extends StateDescriptor<'value'> {
  readonly kind = 'value' as const;
  readonly defaultValue: T | undefined;
  constructor(name: string, options?: StateDescriptorOptions & { defaultValue?: T }) {
    super(name, options);
    this.defaultValue = options?.defaultValue;
  }
}

export class ListStateDescriptor<T> extends StateDescriptor<'list'> {
  readonly kind = 'list' as const;
  declare readonly __type?: T;
  constructor(name: string, options?: StateDescriptorOptions) {
    super(name, options);
  }
}

export class MapStateDescriptor<UK, UV> extends StateDescriptor<'map'> {
  readonly kind = 'map' as const;
  declare readonly __type?: [UK, UV];
  constructor(name: string, options?: StateDescriptorOptions) {
    super(name, options);
  }
}

export class ReducingStateDescriptor<T> extends StateDescriptor<'reducing'> {
  readonly kind = 'reducing' as const;
  readonly reduce: (a: T, b: T) => T;
  constructor(name: string, reducer: ReduceLike<T>, options?: StateDescriptorOptions) {
    super(name, options);
    this.reduce = typeof reducer === 'function' ? reducer : (a, b) => reducer.reduce(a, b);
  }
}

export class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<'aggregating'> {
  readonly kind = 'aggregating' as const;
  constructor(
    name: string,
    readonly aggregateFunction: AggregateFunction<IN, ACC, OUT>,
    options?: StateDescriptorOptions,
  ) {
    super(name, options);
  }
}

export type AnyStateDescriptor =
  | ValueStateDescriptor<unknown>
  | ListStateDescriptor<unknown>
  | MapStateDescriptor<unknown, unknown>
  | ReducingStateDescriptor<unknown>
  | AggregatingStateDescriptor<unknown, unknown, unknown>;
