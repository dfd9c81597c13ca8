import { checkKey, RuntimeFailure } from '@weir/common';
import type { AnyKeySelector } from '@weir/core';
import type { InternalTimeServiceManager, KeyedStateBackend } from '@weir/state';
import type { OperatorContext } from './operator-context';

/*
 * What a keyed operator needs from its OperatorContext: the keyed state backend, the timer services,
 * and the current key set from each record before state or timers are touched.
 */

export function keyedStateBackendOf(ctx: OperatorContext): KeyedStateBackend {
  if (ctx.keyedStateBackend === undefined) throw missingKeyedService(ctx, 'keyed state backend');
  return ctx.keyedStateBackend;
}

export function timeServiceManagerOf(ctx: OperatorContext): InternalTimeServiceManager {
  if (ctx.timeServiceManager === undefined) throw missingKeyedService(ctx, 'timer service manager');
  return ctx.timeServiceManager;
}

function missingKeyedService(ctx: OperatorContext, what: string): RuntimeFailure {
  return new RuntimeFailure(
    `Operator '${ctx.operatorName}' is keyed but the runtime set it up without a ${what}; ` +
      'the operator chain must give every keyed operator one.',
  );
}

/** Sets the backend's current key from one input's records (a two-input operator has one per input). */
export class KeySelection {
  private readonly backend: KeyedStateBackend;
  /** Built once: checkKey names the operator only when a key is bad. */
  private readonly where: string;

  constructor(
    ctx: OperatorContext,
    private readonly keySelector: AnyKeySelector,
  ) {
    this.backend = keyedStateBackendOf(ctx);
    this.where = `operator '${ctx.operatorName}'`;
  }

  setCurrentKey(value: unknown): void {
    this.backend.setCurrentKey(checkKey(this.keySelector(value), this.where));
  }
}
