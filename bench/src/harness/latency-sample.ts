/** One generated event in this many carries the wall-clock stamp that end-to-end latency is measured from. */
export const LATENCY_SAMPLE_EVERY = 64;

const SAMPLE_SHIFT = 32 - Math.log2(LATENCY_SAMPLE_EVERY);

/**
 * Whether the event at `index` is stamped. Latency is sampled, as Flink's latency markers are: a
 * clock read per event would cost more than the engine spends on a pass-through query. The choice is
 * a hash of the index, not `index % 64`: a source's subtasks take the indices in turn, with the
 * parallelism as their stride, so a modulus would stamp the events of subtask 0 alone and measure
 * latency through one subtask. The top bits of the index times 2^32/φ are spread evenly over any
 * such progression.
 */
export function isLatencySample(index: number): boolean {
  return Math.imul(index, 0x9e3779b1) >>> SAMPLE_SHIFT === 0;
}
