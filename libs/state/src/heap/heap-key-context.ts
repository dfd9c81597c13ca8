import type { Key, NormalizedKey } from '@weir/common';

/**
 * The current key of a heap backend, in the three forms state access needs: the original key (for
 * `getCurrentKey` and timers), its normalized form (the hash-map key) and its key group. The backend
 * writes it in `setCurrentKey`; every state object reads the same instance, so a state access is two
 * field loads and no hashing.
 */
export class HeapKeyContext {
  key: Key | undefined = undefined;
  normalizedKey: NormalizedKey = 0;
  keyGroupIndex = -1;
  /** `keyGroupIndex - keyGroupRange.startKeyGroup`: the index into per-key-group arrays; -1 before a key is set. */
  keyGroupOffset = -1;
}
