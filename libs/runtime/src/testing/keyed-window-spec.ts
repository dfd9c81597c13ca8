import type { Window, WindowAssigner, WindowFunctionSpec } from '@weir/core';
import type { WindowOperatorSpec } from '../operators/window-operator';

/** A window over records keyed by their `key`, with the assigner's default trigger, for window operator specs. */
export function keyedWindowSpec(
  assigner: WindowAssigner<unknown, Window>,
  windowFunction: WindowFunctionSpec,
  more: Partial<WindowOperatorSpec> = {},
): WindowOperatorSpec {
  return {
    kind: 'window',
    keySelector: (record: { key: string }) => record.key,
    assigner,
    trigger: assigner.getDefaultTrigger(),
    evictor: undefined,
    allowedLatenessMs: 0,
    lateDataTag: undefined,
    windowFunction,
    ...more,
  };
}
