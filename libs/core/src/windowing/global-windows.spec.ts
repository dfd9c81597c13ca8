import { GlobalWindows } from './global-windows';
import { NeverTrigger } from './never-trigger';
import { GlobalWindow } from './window';
import type { WindowAssigner } from './window-assigner';

describe('GlobalWindows', () => {
  it('puts every element into the one global window, allocating nothing', () => {
    const a: WindowAssigner<unknown, GlobalWindow> = GlobalWindows.create();
    const ctx = { getCurrentProcessingTime: () => 0 };
    const first = a.assignWindows('x', 5, ctx);
    expect(first).toEqual([GlobalWindow.INSTANCE]);
    expect(a.assignWindows({ other: true }, -7, ctx)).toBe(first);
    expect(a.isEventTime()).toBe(false);
  });

  it('never fires by default', () => {
    const t = GlobalWindows.create().getDefaultTrigger();
    expect(t).toBe(NeverTrigger.create());
    expect(t.onElement('x', 1, GlobalWindow.INSTANCE, undefined as never)).toBe('CONTINUE');
    expect(t.onEventTime(Number.MAX_SAFE_INTEGER, GlobalWindow.INSTANCE, undefined as never)).toBe('CONTINUE');
    expect(t.onProcessingTime(Number.MAX_SAFE_INTEGER, GlobalWindow.INSTANCE, undefined as never)).toBe('CONTINUE');
    expect(t.canMerge()).toBe(true);
  });
});
