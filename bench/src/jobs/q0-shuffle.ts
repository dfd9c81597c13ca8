/**
 * Nexmark query 0 with a forced network shuffle: every event is rebalanced round robin to the next
 * subtask before the pass-through map, so on a cluster half of them cross between TaskManagers
 * (`weir run bench/dist/jobs/q0-shuffle.js --events N`).
 */
import { nexmarkStream, type NexmarkQuery } from '../nexmark/queries/nexmark-stream';
import type { Event } from '../nexmark/model';
import { nexmarkJob } from './nexmark-job';

const q0Shuffle: NexmarkQuery<Event> = (env, source) =>
  nexmarkStream(env, source)
    .rebalance()
    .map((e) => e)
    .name('q0-pass-through');

export default nexmarkJob('q0-shuffle', q0Shuffle);
