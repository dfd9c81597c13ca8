import type { Key } from '@weir/common';

/**
 * What a window pre-aggregation sends across the shuffle instead of records: one key's contents of one
 * window, folded so far (a reduce's value or an aggregate's accumulator), with the window's last
 * timestamp as its own, so that it falls into exactly that window downstream.
 */
export interface WindowPartial {
  readonly key: Key;
  readonly partial: unknown;
}

/** How the merging window and the shuffle in front of it key partials. */
export const partialKey = (partial: WindowPartial): Key => partial.key;
