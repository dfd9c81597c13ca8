import type { SourceSplit } from './source';

/**
 * A split of the built-in sources that produce records by index (a collection, a number sequence,
 * a data generator): the indices `position, position + stride, …` below `end`. `position` is the next
 * index to emit, so the split is its own checkpoint state.
 */
export interface IndexRangeSplit extends SourceSplit {
  /** The next index this split emits; a reader advances it in its own copy. */
  position: number;
  /** Exclusive. */
  readonly end: number;
  readonly stride: number;
}
