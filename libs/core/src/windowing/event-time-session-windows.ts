import { SessionWindows, type SessionGap } from './session-windows';
import { checkPositiveDuration } from './window-arguments';

/**
 * Event-time session windows: a key's session closes (and fires) once the watermark passes its last
 * element's timestamp + gap. `withDynamicGap` takes the gap from each element.
 */
export class EventTimeSessionWindows<T = unknown> extends SessionWindows<T> {
  static withGap(gap: number): EventTimeSessionWindows {
    return new EventTimeSessionWindows(checkPositiveDuration(gap, 'EventTimeSessionWindows.withGap', 'the gap'));
  }

  /** `extractor` gives each element's gap in milliseconds (> 0, checked per element). */
  static withDynamicGap<T>(extractor: (element: T) => number): EventTimeSessionWindows<T> {
    return new EventTimeSessionWindows<T>(extractor);
  }

  private constructor(gap: SessionGap<T>) {
    super(gap, true);
  }
}
