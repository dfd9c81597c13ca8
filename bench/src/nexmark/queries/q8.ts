/*
 * Nexmark query 8, monitor new users: the people who opened an auction in the same 10 s tumbling
 * window in which they registered. As Flink's SQL does it: the distinct sellers of each window first
 * (so a person with many auctions is reported once), then a window join with the people by id.
 */
import {
  TumblingEventTimeWindows,
  type Collector,
  type DataStream,
  type ProcessWindowFunction,
  type TimeWindow,
} from '@weir/api';
import type { Auction, NewUser, Person } from '../model';
import { Q8_WINDOW_MS } from '../query-parameters';
import { nexmarkStream, type NexmarkQuery } from './nexmark-stream';

/**
 * What the query needs of an auction and of a person. Each is selected and cut down in one step before
 * its shuffle, as Flink's planner pushes projections down, so their strings do not cross threads.
 */
type AuctionSeller = Pick<Auction, 'seller' | 'ingestionTime'>;
type PersonName = Pick<Person, 'id' | 'name' | 'ingestionTime'>;

export const q8: NexmarkQuery<NewUser> = (env, source): DataStream<NewUser> => {
  const events = nexmarkStream(env, source);
  const sellers = events
    .process<AuctionSeller>((e, _ctx, out) => {
      if (e.kind === 'auction') out.collect({ seller: e.seller, ingestionTime: e.ingestionTime });
    })
    .name('auction-sellers')
    .keyBy((a) => a.seller)
    .window(TumblingEventTimeWindows.of(Q8_WINDOW_MS))
    .reduce(later, sellerOfWindow)
    .name('q8-sellers')
    .uid('q8-sellers');
  const persons = events
    .process<PersonName>((e, _ctx, out) => {
      if (e.kind === 'person') out.collect({ id: e.id, name: e.name, ingestionTime: e.ingestionTime });
    })
    .name('person-names');
  return persons
    .join(sellers)
    .where((p) => p.id)
    .equalTo((s) => s.seller)
    .window(TumblingEventTimeWindows.of(Q8_WINDOW_MS))
    .apply(newUser)
    .name('q8-join')
    .uid('q8-join');
};

/** A seller active in a window, with the latest ingestion time among their auctions in it. */
interface WindowSeller {
  seller: number;
  windowStart: number;
  ingestionTime: number;
}

const later = (a: AuctionSeller, b: AuctionSeller): AuctionSeller => (b.ingestionTime > a.ingestionTime ? b : a);

function sellerOfWindow(
  seller: number,
  ctx: ProcessWindowFunction.Context<TimeWindow>,
  latest: Iterable<AuctionSeller>,
  out: Collector<WindowSeller>,
): void {
  for (const a of latest) out.collect({ seller, windowStart: ctx.window.start, ingestionTime: a.ingestionTime });
}

function newUser(person: PersonName, seller: WindowSeller): NewUser {
  return {
    id: person.id,
    name: person.name,
    windowStart: seller.windowStart,
    ingestionTime: Math.max(person.ingestionTime, seller.ingestionTime),
  };
}
