/** Durations are plain numbers of milliseconds; `Time` only makes them readable at the call site. */
export const Time = {
  milliseconds: (n: number): number => n,
  seconds: (n: number): number => n * 1000,
  minutes: (n: number): number => n * 60_000,
  hours: (n: number): number => n * 3_600_000,
  days: (n: number): number => n * 86_400_000,
} as const;

/** The timestamp of a record that has none (no timestamp assigner upstream). */
export const NO_TIMESTAMP = Number.NEGATIVE_INFINITY;

/** The watermark a bounded source sends last: every event-time timer and window fires on it. */
export const MAX_WATERMARK = Number.POSITIVE_INFINITY;

/** The watermark before any has been seen. */
export const MIN_WATERMARK = Number.NEGATIVE_INFINITY;
