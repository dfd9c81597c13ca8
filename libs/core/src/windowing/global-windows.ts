import { NeverTrigger } from './never-trigger';
import type { Trigger } from './trigger';
import { GlobalWindow } from './window';
import { WindowAssigner } from './window-assigner';

const THE_GLOBAL_WINDOW: readonly GlobalWindow[] = Object.freeze([GlobalWindow.INSTANCE]);

/**
 * Puts every element of a key into the one GlobalWindow. Its default trigger never fires, so it is
 * used with a trigger of the user's (`countWindow` is GlobalWindows + CountTrigger + CountEvictor).
 */
export class GlobalWindows extends WindowAssigner<unknown, GlobalWindow> {
  private static readonly INSTANCE = new GlobalWindows();

  static create(): GlobalWindows {
    return GlobalWindows.INSTANCE;
  }

  private constructor() {
    super();
  }

  assignWindows(): readonly GlobalWindow[] {
    return THE_GLOBAL_WINDOW;
  }

  getDefaultTrigger(): Trigger<unknown, GlobalWindow> {
    return NeverTrigger.create();
  }

  isEventTime(): boolean {
    return false;
  }
}
