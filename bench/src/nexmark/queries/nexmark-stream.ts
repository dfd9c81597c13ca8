/*
 * What every query starts from: the Nexmark events of a source, in event time (their `dateTime`),
 * and the bids split out of them as a typed stream. (Queries that shuffle auctions or persons select
 * and cut them down to what they need in one step.)
 */
import { WatermarkStrategy, type DataStream, type Source, type StreamExecutionEnvironment } from '@weir/api';
import type { Bid, Event } from '../model';
import { MAX_OUT_OF_ORDERNESS_MS } from '../query-parameters';

/** A query: declares its dataflow on `env`, reading `source`, and returns its result stream. */
export type NexmarkQuery<R> = (env: StreamExecutionEnvironment, source: Source<Event>) => DataStream<R>;

/** Watermark alignment (Flink's FLIP-182) of the source's subtasks, in event time. */
export interface SourceAlignment {
  readonly maxDriftMs: number;
  readonly updateIntervalMs: number;
}

/**
 * The source's events. With `alignment`, a subtask that runs ahead of the others in event time waits
 * for them: a query that joins what one subtask generates with what another does needs it, or the
 * join holds the faster one's records until the slower one catches up, without bound.
 */
export function nexmarkStream(
  env: StreamExecutionEnvironment,
  source: Source<Event>,
  alignment?: SourceAlignment,
): DataStream<Event> {
  const watermarks = WatermarkStrategy.forBoundedOutOfOrderness<Event>(MAX_OUT_OF_ORDERNESS_MS).withTimestampAssigner(
    (e) => e.dateTime,
  );
  const strategy =
    alignment === undefined
      ? watermarks
      : watermarks.withWatermarkAlignment('nexmark', alignment.maxDriftMs, alignment.updateIntervalMs);
  return env.fromSource(source, strategy, 'nexmark').uid('nexmark-source');
}

// A process function selects them, so the result is typed as bids.
export const bidsOf = (events: DataStream<Event>): DataStream<Bid> =>
  events
    .process<Bid>((e, _ctx, out) => {
      if (e.kind === 'bid') out.collect(e);
    })
    .name('bids');
