import { SessionWindows, type SessionGap } from './session-windows';
import { checkPositiveDuration } from './window-arguments';

/** The processing-time twin of EventTimeSessionWindows: sessions by the subtask's wall clock. */
export class ProcessingTimeSessionWindows<T = unknown> extends SessionWindows<T> {
  static withGap(gap: number): ProcessingTimeSessionWindows {
    return new ProcessingTimeSessionWindows(
      checkPositiveDuration(gap, 'ProcessingTimeSessionWindows.withGap', 'the gap'),
    );
  }

  /** `extractor` gives each element's gap in milliseconds (> 0, checked per element). */
  static withDynamicGap<T>(extractor: (element: T) => number): ProcessingTimeSessionWindows<T> {
    return new ProcessingTimeSessionWindows<T>(extractor);
  }

  private constructor(gap: SessionGap<T>) {
    super(gap, false);
  }
}
