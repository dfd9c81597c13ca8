import { JobDefinitionError } from '@weir/common';
import type { KeyedStateStore, OutputTag, ProcessWindowFunction, Window } from '@weir/core';
import type { KeyedStateBackend } from '@weir/state';
import { VOID_NAMESPACE } from '@weir/state';
import type { Output } from './output';
import { WindowStateStore } from './window-state-store';

const NO_WINDOW = undefined as unknown as Window;

/** The two clocks a window function reads (a window operator's timer service is one). */
export interface WindowClock {
  currentWatermark(): number;
  currentProcessingTime(): number;
}

/**
 * The `ProcessWindowFunction.Context` of a WindowOperator: one instance, pointed at the window being
 * evaluated (or cleared). Side outputs carry the window's `maxTimestamp()`, like its results.
 */
export class WindowProcessContext implements ProcessWindowFunction.Context<Window> {
  private currentWindow: Window = NO_WINDOW;
  private readonly perWindow: WindowStateStore;
  private readonly perKey: WindowStateStore;

  constructor(
    backend: KeyedStateBackend,
    private readonly clock: WindowClock,
    private readonly operatorOutput: Output<unknown>,
    /** Session windows: per-window state would be orphaned whenever windows merge, so there is none (as in Flink). */
    private readonly mergingWindows: boolean,
  ) {
    this.perWindow = new WindowStateStore(backend, VOID_NAMESPACE);
    this.perKey = new WindowStateStore(backend, VOID_NAMESPACE);
  }

  get window(): Window {
    return this.currentWindow;
  }

  /** Points the context (and its per-window state) at `window`. */
  setWindow(window: Window): void {
    this.currentWindow = window;
    this.perWindow.namespace = window.namespaceKey();
  }

  currentWatermark(): number {
    return this.clock.currentWatermark();
  }

  currentProcessingTime(): number {
    return this.clock.currentProcessingTime();
  }

  windowState(): KeyedStateStore {
    if (this.mergingWindows) {
      throw new JobDefinitionError(
        'windowState() is not available with merging (session) windows: their windows change as they merge. ' +
          'Keep per-key state in globalState() instead.',
      );
    }
    return this.perWindow;
  }

  globalState(): KeyedStateStore {
    return this.perKey;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.operatorOutput.collectSide(tag.id, value, this.currentWindow.maxTimestamp());
  }
}
