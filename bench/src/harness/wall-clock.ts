/*
 * The benchmark's clock for end-to-end latency: wall-clock milliseconds with sub-millisecond
 * precision. `performance.now()` counts from each thread's own origin, so the origin is added back
 * to make readings of the source's thread and the sink's thread comparable.
 */
const origin = performance.timeOrigin;

export function wallClockMs(): number {
  return origin + performance.now();
}
