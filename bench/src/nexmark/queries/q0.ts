/** Nexmark query 0, pass-through: every event through one map, to measure what the source and sink cost. */
import type { DataStream } from '@weir/api';
import type { Event } from '../model';
import { nexmarkStream, type NexmarkQuery } from './nexmark-stream';

export const q0: NexmarkQuery<Event> = (env, source): DataStream<Event> =>
  nexmarkStream(env, source)
    .map((e) => e)
    .name('q0-pass-through');
